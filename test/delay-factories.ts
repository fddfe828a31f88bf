import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '../db';
import { delayIncidents, notices, outbox, shipments, trackingEvents } from '../db/schema';
import { sendNotices } from '../lib/delays/send-notices';
import { createOrder, type Locale, type TestOrder } from './factories';

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
  const [incident] = await db.insert(delayIncidents).values({ shipmentId, kind: 'stalled_in_transit', openedAt: new Date(Date.now() - 2 * 86_400_000) }).returning({ id: delayIncidents.id });
  await sendNotices({ db, actor: { type: 'system' } }, { incidentIds: [incident!.id] });
  const [notice] = await db.select().from(notices).where(eq(notices.incidentId, incident!.id));
  if (options.offered) await db.update(notices).set({ remediesOffered: options.offered }).where(eq(notices.id, notice!.id));
  const [mail] = await db.select({ text: sql<string>`${outbox.payload}->>'text'` }).from(outbox).where(eq(outbox.id, notice!.outboxId!));
  const token = mail!.text.match(/\/delays\/([A-Za-z0-9_-]+)/)![1]!;
  return { order, shipmentId, incidentId: incident!.id, noticeId: notice!.id, token };
}
