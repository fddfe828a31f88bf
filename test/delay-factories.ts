import { randomInt } from 'node:crypto';
import type { Db } from '../db';
import { orderLines, orders, shipmentLines, shipments } from '../db/schema';
import type { Locale } from './factories';
import { uniqueId } from './factories';

export type ParcelSpec = Partial<typeof shipments.$inferInsert> & { carrier?: (typeof shipments.$inferInsert)['carrier'] };

/** An order of our own with the given parcels (none: an order still waiting to ship), placed at `placedAt`. */
export async function createDelayOrder(
  db: Db,
  input: { locale?: Locale; placedAt?: Date; canceledAt?: Date | null; parcels?: ParcelSpec[]; email?: string },
): Promise<{ orderId: string; orderNumber: string; email: string; shipmentIds: string[] }> {
  const id = uniqueId('D').toUpperCase();
  const email = input.email ?? `delay.${id.toLowerCase()}@example.com`;
  return db.transaction(async (tx) => {
    const [order] = await tx
      .insert(orders)
      .values({
        orderNumber: id,
        email,
        customerName: 'Selma Lindqvist',
        locale: input.locale ?? 'en',
        currency: 'EUR',
        market: 'FI',
        placedAt: input.placedAt ?? new Date(Date.now() - 5 * 86_400_000),
        canceledAt: input.canceledAt ?? null,
        shippingName: 'Selma Lindqvist',
        shippingLine1: `Testgatan ${randomInt(1, 99)}`,
        shippingPostalCode: '00100',
        shippingCity: 'Helsinki',
        shippingCountry: 'FI',
        capturedAmount: 4990,
      })
      .returning({ id: orders.id });
    const [line] = await tx.insert(orderLines).values({ orderId: order!.id, sku: `SKU-${id}`, title: 'Wool Blanket', unitPrice: 4990, quantity: 1 }).returning({ id: orderLines.id });
    const shipmentIds: string[] = [];
    for (const [i, p] of (input.parcels ?? []).entries()) {
      const [s] = await tx
        .insert(shipments)
        .values({ carrier: 'posti', trackingNumber: `JJFI${id}${i}`, ...p, orderId: order!.id })
        .returning({ id: shipments.id });
      await tx.insert(shipmentLines).values({ shipmentId: s!.id, orderLineId: line!.id, quantity: 1 });
      shipmentIds.push(s!.id);
    }
    return { orderId: order!.id, orderNumber: id, email, shipmentIds };
  });
}

/** A wall-clock instant in Helsinki (UTC+2 in winter, +3 in summer), e.g. helsinki('2026-12-28', '10:00'). */
export function helsinki(date: string, time = '12:00'): Date {
  const guess = new Date(`${date}T${time}:00Z`);
  const local = new Date(guess.toLocaleString('en-US', { timeZone: 'Europe/Helsinki' }));
  const utc = new Date(guess.toLocaleString('en-US', { timeZone: 'UTC' }));
  return new Date(guess.getTime() - (local.getTime() - utc.getTime()));
}
