import { randomInt } from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '../db';
import { delayIncidents, notices, orderLines, orders, outbox, shipmentLines, shipments, trackingEvents } from '../db/schema';
import { sendNotices } from '../lib/delays/send-notices';
import { createOrder, type Locale, type TestOrder, uniqueId } from './factories';

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

/** A parcel of a fresh order (the Matkahuolto one, 2 × 14,90 €) with no scan for ten days. */
export async function stallParcel(db: Db, order: TestOrder, daysAgo = 10): Promise<string> {
  const at = new Date(Date.now() - daysAgo * 86_400_000);
  const [parcel] = await db
    .update(shipments)
    .set({ status: 'in_transit', lastEventAt: at, pickupPoint: null, pickupDeadline: null })
    .where(and(eq(shipments.orderId, order.id), eq(shipments.carrier, 'matkahuolto')))
    .returning({ id: shipments.id, trackingNumber: shipments.trackingNumber });
  await db.delete(trackingEvents).where(eq(trackingEvents.shipmentId, parcel!.id));
  await db.insert(trackingEvents).values({ shipmentId: parcel!.id, carrier: 'matkahuolto', trackingNumber: parcel!.trackingNumber, status: 'in_transit', description: 'Kuljetuksessa', location: 'Vantaa', occurredAt: at, source: 'seed', dedupeKey: `delay:${parcel!.id}` });
  return parcel!.id;
}

export type NoticedOrder = { order: TestOrder; shipmentId: string; incidentId: string; noticeId: string; token: string };

/** An order whose stalled parcel has an incident and a sent notice; the token comes from the email itself. */
export async function createNoticedOrder(db: Db, options: { locale?: Locale; offered?: Array<'keep_waiting' | 'keep_waiting_with_discount' | 'cancel_refund' | 'replacement'> } = {}): Promise<NoticedOrder> {
  const order = await createOrder(db, options.locale ?? 'en');
  const shipmentId = await stallParcel(db, order);
  const [incident] = await db.insert(delayIncidents).values({ orderId: order.id, shipmentId, kind: 'stalled_in_transit', openedAt: new Date(Date.now() - 2 * 86_400_000) }).returning({ id: delayIncidents.id });
  await sendNotices({ db, actor: { type: 'system' } }, { incidentIds: [incident!.id] });
  const [notice] = await db.select().from(notices).where(eq(notices.incidentId, incident!.id));
  if (options.offered) await db.update(notices).set({ remediesOffered: options.offered }).where(eq(notices.id, notice!.id));
  const [mail] = await db.select({ text: sql<string>`${outbox.payload}->>'text'` }).from(outbox).where(eq(outbox.id, notice!.outboxId!));
  const token = mail!.text.match(/\/delays\/([A-Za-z0-9_-]+)/)![1]!;
  return { order, shipmentId, incidentId: incident!.id, noticeId: notice!.id, token };
}
