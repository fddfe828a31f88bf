import { eq, sql } from 'drizzle-orm';
import type { DbOrTx } from '@/db';
import { orderLines, orders, withdrawals } from '@/db/schema';
import { toLocale } from '@/lib/core/locales';
import { readShopSettings, type ShopSettings } from '@/lib/settings/shop';
import { toHolidayCountry } from '@/lib/time/holidays';
import type { WithdrawalReceipt } from './receipt';
import { emailBrand } from '@/lib/outbox/service-email-layout';
import { type WithdrawalPeriod, withdrawalPeriod } from './state';

export type WithdrawalLineDto = { id: string; title: string; options: Record<string, string>; quantity: number; unitPrice: number };

export type WithdrawalContext = {
  order: { id: string; orderNumber: string; currency: string; shippingAmount: number; locale: string; customerName: string; email: string };
  lines: WithdrawalLineDto[];
  period: WithdrawalPeriod;
  shop: ShopSettings;
  /** Statements already recorded for this order (newest first). */
  previous: Array<{ receiptNumber: string; submittedAt: string }>;
};

const isoText = (column: string) => sql.raw(`to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`);

type ContextRow = {
  id: string;
  order_number: string;
  currency: string;
  shipping_amount: number;
  locale: string;
  customer_name: string;
  email: string;
  canceled: boolean;
  lines: Array<WithdrawalLineDto & { fulfilledQuantity: number }>;
  parcels: Array<{ status: string; deliveredAt: string | null }>;
  previous: Array<{ receiptNumber: string; submittedAt: string }>;
};

/**
 * The order, its lines and where its withdrawal period stands, for the order page and the flow (the page passes the
 * shop settings it already read). One statement: the order page renders this section on every view, and each
 * statement costs the web server far more than the rows it returns (issue #16).
 */
export async function getWithdrawalContext(db: DbOrTx, orderId: string, now = new Date(), knownShop?: ShopSettings): Promise<WithdrawalContext | null> {
  const [rows, shop] = await Promise.all([
    db.execute<ContextRow>(sql`
      select o.id, o.order_number, o.currency, o.shipping_amount, o.locale, o.customer_name, o.email, o.canceled_at is not null as canceled,
        coalesce((select json_agg(json_build_object('id', l.id, 'title', l.title, 'options', l.variant_options, 'quantity', l.quantity,
                    'unitPrice', l.unit_price, 'fulfilledQuantity', l.fulfilled_quantity) order by l.position, l.created_at)
                  from order_lines l where l.order_id = o.id), '[]') as lines,
        coalesce((select json_agg(json_build_object('status', s.status, 'deliveredAt', ${isoText('s.delivered_at')}))
                  from shipments s where s.order_id = o.id and s.direction = 'outbound'), '[]') as parcels,
        coalesce((select json_agg(json_build_object('receiptNumber', w.receipt_number, 'submittedAt', ${isoText('w.submitted_at')}) order by w.submitted_at desc)
                  from withdrawals w where w.order_id = o.id), '[]') as previous
      from orders o where o.id = ${orderId}`),
    knownShop ?? readShopSettings(db),
  ]);
  const [order] = rows;
  if (!order) return null;
  return {
    order: {
      id: order.id,
      orderNumber: order.order_number,
      currency: order.currency,
      shippingAmount: order.shipping_amount,
      locale: order.locale,
      customerName: order.customer_name,
      email: order.email,
    },
    lines: order.lines.map((l) => ({ id: l.id, title: l.title, options: l.options, quantity: l.quantity, unitPrice: l.unitPrice })),
    period: withdrawalPeriod({
      canceled: order.canceled,
      lines: order.lines,
      parcels: order.parcels.map((p) => ({ status: p.status, deliveredAt: p.deliveredAt === null ? null : new Date(p.deliveredAt) })),
      now,
      timeZone: shop.timeZone,
      country: toHolidayCountry(shop.country),
    }),
    shop,
    previous: order.previous,
  };
}

/** A recorded statement as its receipt, with the order it belongs to (callers check access to it). */
export async function getWithdrawalReceipt(db: DbOrTx, receiptNumber: string): Promise<{ orderId: string; receipt: WithdrawalReceipt } | null> {
  if (!/^[A-Za-z0-9-]{1,32}$/.test(receiptNumber)) return null;
  const [row] = await db
    .select({ w: withdrawals, orderNumber: orders.orderNumber })
    .from(withdrawals)
    .innerJoin(orders, eq(orders.id, withdrawals.orderId))
    .where(eq(withdrawals.receiptNumber, receiptNumber.slice(0, 32)))
    .limit(1);
  if (!row) return null;
  const { w } = row;
  const shop = await readShopSettings(db);
  const lineRows = w.lines ? await db.select({ id: orderLines.id, title: orderLines.title }).from(orderLines).where(eq(orderLines.orderId, w.orderId)) : [];
  const titleOf = new Map(lineRows.map((l) => [l.id, l.title]));
  return {
    orderId: w.orderId,
    receipt: {
      receiptNumber: w.receiptNumber,
      shopName: shop.name,
      supportEmail: shop.supportEmail,
      orderNumber: row.orderNumber,
      name: w.name,
      email: w.email,
      lines: w.lines ? w.lines.map((l) => ({ title: titleOf.get(l.orderLineId) ?? '', quantity: l.quantity })) : null,
      submittedAt: w.submittedAt.toISOString(),
      timeZone: w.timeZone,
      locale: toLocale(w.locale),
      currency: w.currency,
      itemsAmount: w.itemsAmount,
      deliveryRefundAmount: w.deliveryRefundAmount,
      returnAddress: shop.returnAddress
        ? [shop.returnAddress.name, shop.returnAddress.line1, shop.returnAddress.line2, `${shop.returnAddress.postalCode} ${shop.returnAddress.city}`, shop.returnAddress.country].filter(Boolean).join(', ')
        : null,
      brand: emailBrand(shop),
    },
  };
}
