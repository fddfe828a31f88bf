import { asc, eq, sql } from 'drizzle-orm';
import type { Db } from '../db';
import { orderLines, returnItems, returns } from '../db/schema';
import type { Carrier } from '../lib/carriers/catalog';
import { createOrder, type Locale, type TestOrder } from './factories';

/**
 * An order of our own with an approved return of its first line (what the returns wizard and
 * approval produce), ready for issueReturnLabel.
 */
export async function createApprovedReturn(
  db: Db,
  options: { locale?: Locale; carrier?: Carrier; method?: 'drop_off' | 'printerless' | 'home_pickup'; reasonCode?: string } = {},
): Promise<{ order: TestOrder; returnId: string; rma: string }> {
  const order = await createOrder(db, options.locale ?? 'en');
  const [line] = await db.select().from(orderLines).where(eq(orderLines.orderId, order.id)).orderBy(asc(orderLines.position)).limit(1);
  const [ret] = await db
    .insert(returns)
    .values({
      rmaNumber: sql`'R-' || nextval('rma_number_seq')`,
      orderId: order.id,
      status: 'approved',
      method: options.method ?? 'drop_off',
      carrier: options.carrier ?? 'posti',
      currency: 'EUR',
      estimatedRefund: line!.unitPrice,
      approvedAt: new Date(),
    })
    .returning({ id: returns.id, rma: returns.rmaNumber });
  await db.insert(returnItems).values({ returnId: ret!.id, orderLineId: line!.id, quantity: 1, reasonCode: options.reasonCode ?? 'too_small', resolution: 'refund' });
  await db.update(orderLines).set({ returnRequestedQuantity: 1 }).where(eq(orderLines.id, line!.id));
  return { order, returnId: ret!.id, rma: ret!.rma };
}
