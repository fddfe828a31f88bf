import { randomInt, randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { Db } from '../db';
import { orderLines, orders, returnPolicies, shipmentLines, shipments, variants } from '../db/schema';
import { buildDemoData } from '../db/seed';
import type { ReturnRequestInput } from '../lib/returns/schemas';
import { uniqueId } from './factories';

/** The demo shop's policy (30 days, FI free, SE 4,95 €, NO 5,95 €, +10 % credit, 3 open returns), once per database. */
export async function ensureReturnPolicy(db: Db): Promise<void> {
  const [active] = await db.select({ id: returnPolicies.id }).from(returnPolicies).where(eq(returnPolicies.isActive, true)).limit(1);
  if (active) return;
  await db.insert(returnPolicies).values(buildDemoData(new Date()).returnPolicy).onConflictDoNothing();
}

export type ReturnableLine = { id: string; sku: string; variantId: string; productKey: string; unitPrice: number; quantity: number };
export type ReturnableOrder = { id: string; orderNumber: string; email: string; lines: ReturnableLine[]; productKey: string; siblings: Array<{ id: string; sku: string; stock: number }> };

/**
 * An order of our own whose lines were all delivered `deliveredDaysAgo` days ago, each line a
 * catalogue variant of one product of our own (so exchanges and stock are private to the test).
 */
export async function createReturnableOrder(
  db: Db,
  options: {
    market?: string;
    locale?: 'fi' | 'sv' | 'en' | 'da' | 'nb';
    lines?: Array<{ quantity?: number; unitPrice?: number; finalSale?: boolean }>;
    /** Extra sizes of the product, with their stock. */
    siblingStock?: number[];
    deliveredDaysAgo?: number;
    productKey?: string;
  } = {},
): Promise<ReturnableOrder> {
  const key = options.productKey ?? uniqueId('prod');
  const suffix = uniqueId('o').toUpperCase();
  const lineSpecs = options.lines ?? [{ quantity: 1 }];
  const deliveredAt = new Date(Date.now() - (options.deliveredDaysAgo ?? 3) * 86_400_000);
  return db.transaction(async (tx) => {
    const lineVariants = await tx
      .insert(variants)
      .values(lineSpecs.map((spec, i) => ({ sku: `${suffix}-L${i}`, productKey: key, title: 'Test shirt', options: { size: `L${i}` }, price: spec.unitPrice ?? 8900, currency: 'EUR', stock: 5 })))
      .onConflictDoNothing()
      .returning();
    const siblings = (options.siblingStock ?? [3]).length
      ? await tx
          .insert(variants)
          .values((options.siblingStock ?? [3]).map((stock, i) => ({ sku: `${suffix}-S${i}`, productKey: key, title: 'Test shirt', options: { size: `S${i}` }, price: 8900, currency: 'EUR', stock })))
          .returning()
      : [];
    const total = lineSpecs.reduce((sum, s) => sum + (s.unitPrice ?? 8900) * (s.quantity ?? 1), 0);
    const [order] = await tx
      .insert(orders)
      .values({
        orderNumber: `RT-${suffix}`,
        email: `returns.${suffix.toLowerCase()}@example.com`,
        customerName: 'Riikka Palauttaja',
        locale: options.locale ?? 'en',
        currency: 'EUR',
        market: options.market ?? 'FI',
        placedAt: new Date(deliveredAt.getTime() - 3 * 86_400_000),
        shippingName: 'Riikka Palauttaja',
        shippingLine1: `Palautuskatu ${randomInt(1, 99)}`,
        shippingPostalCode: '00100',
        shippingCity: 'Helsinki',
        shippingCountry: 'FI',
        shippingAmount: 590,
        capturedAmount: total + 590,
      })
      .returning();
    const lines = await tx
      .insert(orderLines)
      .values(
        lineSpecs.map((spec, i) => ({
          orderId: order!.id,
          position: i,
          sku: `${suffix}-L${i}`,
          title: 'Test shirt',
          variantOptions: { size: `L${i}` },
          unitPrice: spec.unitPrice ?? 8900,
          quantity: spec.quantity ?? 1,
          fulfilledQuantity: spec.quantity ?? 1,
          finalSale: spec.finalSale ?? false,
        })),
      )
      .returning();
    const [parcel] = await tx
      .insert(shipments)
      .values({ orderId: order!.id, carrier: 'posti', trackingNumber: `JJFI${suffix}`, status: 'delivered', shippedAt: deliveredAt, deliveredAt })
      .returning();
    await tx.insert(shipmentLines).values(lines.map((l) => ({ shipmentId: parcel!.id, orderLineId: l.id, quantity: l.quantity })));
    return {
      id: order!.id,
      orderNumber: order!.orderNumber,
      email: order!.email,
      productKey: key,
      lines: lines.map((l, i) => ({ id: l.id, sku: l.sku, variantId: lineVariants[i]!.id, productKey: key, unitPrice: l.unitPrice, quantity: l.quantity })),
      siblings: siblings.map((s) => ({ id: s.id, sku: s.sku, stock: s.stock })),
    };
  });
}

type ItemSpec = Partial<ReturnRequestInput['items'][number]> & { orderLineId: string };

/** A submitted wizard form: the given items selected, everything else of the order left out. */
export function returnRequest(order: { orderNumber: string }, items: ItemSpec[], over: Partial<ReturnRequestInput> = {}): ReturnRequestInput {
  return {
    orderNumber: order.orderNumber,
    idempotencyKey: randomUUID(),
    method: 'drop_off',
    carrier: 'posti',
    shipNow: false,
    ...over,
    items: items.map((item) => ({
      selected: true,
      quantity: 1,
      reasonCode: 'too_small',
      comment: '',
      photoIds: [],
      resolution: 'refund',
      exchangeVariantId: '',
      ...item,
    })),
  };
}
