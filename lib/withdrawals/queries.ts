import { and, asc, desc, eq } from 'drizzle-orm';
import type { DbOrTx } from '@/db';
import { orderLines, orders, shipments, withdrawals } from '@/db/schema';
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

/** The order, its lines and where its withdrawal period stands, for the order page and the flow (the page passes the shop settings it already read). */
export async function getWithdrawalContext(db: DbOrTx, orderId: string, now = new Date(), knownShop?: ShopSettings): Promise<WithdrawalContext | null> {
  // Every read needs only the order's id: one round trip (a missing order just finds nothing).
  const [[order], lines, parcels, previous, shop] = await Promise.all([
    db.select().from(orders).where(eq(orders.id, orderId)).limit(1),
    db.select().from(orderLines).where(eq(orderLines.orderId, orderId)).orderBy(asc(orderLines.position), asc(orderLines.createdAt)),
    db
      .select({ status: shipments.status, deliveredAt: shipments.deliveredAt })
      .from(shipments)
      .where(and(eq(shipments.orderId, orderId), eq(shipments.direction, 'outbound'))),
    db
      .select({ receiptNumber: withdrawals.receiptNumber, submittedAt: withdrawals.submittedAt })
      .from(withdrawals)
      .where(eq(withdrawals.orderId, orderId))
      .orderBy(desc(withdrawals.submittedAt)),
    knownShop ?? readShopSettings(db),
  ]);
  if (!order) return null;
  return {
    order: {
      id: order.id,
      orderNumber: order.orderNumber,
      currency: order.currency,
      shippingAmount: order.shippingAmount,
      locale: order.locale,
      customerName: order.customerName,
      email: order.email,
    },
    lines: lines.map((l) => ({ id: l.id, title: l.title, options: l.variantOptions, quantity: l.quantity, unitPrice: l.unitPrice })),
    period: withdrawalPeriod({
      canceled: order.canceledAt !== null,
      lines,
      parcels,
      now,
      timeZone: shop.timeZone,
      country: toHolidayCountry(shop.country),
    }),
    shop,
    previous: previous.map((p) => ({ receiptNumber: p.receiptNumber, submittedAt: p.submittedAt.toISOString() })),
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
