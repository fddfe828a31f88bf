import { eq, type SQL, sql } from 'drizzle-orm';
import { cache } from 'react';
import type { Db } from '@/db';
import { orders } from '@/db/schema';
import { preparedQuery } from '@/db/prepared';

/**
 * Order numbers as customers type them. Here in core (not lib/orders) because sign-in, the queue search,
 * the tracking page and the return preview all need them, and lib/orders sits above those (issue #13).
 */

/** `#kk-100 123 ` → `KK-100123`: the customer may copy it with a '#', spaces or lower case. */
export function normalizeOrderNumber(value: string): string {
  // NUL can never be in an order number and PostgreSQL rejects it in text (a 500 otherwise).
  return value.replace(/[\s\u0000]+/g, '').replace(/^#+/, '').toUpperCase();
}

/** Matches an order number however the customer typed it ('#kk-100123 ' finds 'KK-100123'). */
export function orderNumberIs(typed: string): SQL {
  return eq(sql`upper(${orders.orderNumber})`, normalizeOrderNumber(typed));
}

/**
 * The order id behind a customer-typed order number (no data: the grant still decides access). Asked once
 * per page render (React's `cache`): the order page's access check, returns block, withdrawal section and
 * delay banner each need it. Outside a render (the worker, scripts) every call reads.
 */
const orderIdByNumber = preparedQuery((db) =>
  db.select({ id: orders.id }).from(orders).where(eq(sql`upper(${orders.orderNumber})`, sql.placeholder('number'))).limit(1).prepare('order_id_by_number'),
);

export const findOrderIdByNumber = cache(async (db: Db, orderNumber: string): Promise<string | null> => {
  const [row] = await orderIdByNumber(db).execute({ number: normalizeOrderNumber(orderNumber) });
  return row?.id ?? null;
});
