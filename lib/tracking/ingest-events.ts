// C1 — owner: api. Simple, correct placeholder in the carriers branch with exactly C1's signature;
// the api engineer's ingest core replaces this file at merge.
import { and, asc, eq, inArray, isNull } from 'drizzle-orm';
import type { Db, DbOrTx, Tx } from '@/db';
import type { PickupPoint } from '@/db/schema';
import { shipments, trackingEvents } from '@/db/schema';
import { queueMilestoneEmails } from './milestone-emails';

export type ShipmentStatus =
  | 'info_received'
  | 'in_transit'
  | 'out_for_delivery'
  | 'available_for_pickup'
  | 'delivered'
  | 'failed_attempt'
  | 'exception'
  | 'returned_to_sender'
  | 'canceled';
export type ExceptionSubStatus = 'address_issue' | 'customs' | 'damaged' | 'lost' | 'weather' | 'other';
export type CarrierId = 'posti' | 'postnord' | 'matkahuolto' | 'bring' | 'budbee' | 'dhl';
export type NormalizedEvent = {
  carrier: CarrierId;
  trackingNumber: string;
  eventId?: string;
  carrierCode?: string;
  status: ShipmentStatus;
  subStatus?: ExceptionSubStatus;
  description?: string;
  location?: string;
  occurredAt: Date;
  unmappedCode?: boolean;
  pickupPoint?: PickupPoint;
  pickupDeadline?: string;
  carrierEta?: string;
};
export type IngestSource = 'webhook' | 'poll' | 'api' | 'simulate';
export type IngestResult = { accepted: number; duplicates: number; unmatched: number };

export function eventDedupeKey(event: NormalizedEvent): string {
  const key = event.eventId
    ? `${event.carrier}:id:${event.eventId}`
    : `${event.carrier}:${event.trackingNumber}:${event.occurredAt.toISOString()}:${event.carrierCode ?? event.status}`;
  return key.slice(0, 200);
}

const TERMINAL: ReadonlySet<ShipmentStatus> = new Set(['delivered', 'returned_to_sender']);

type StoredEvent = { status: ShipmentStatus; subStatus: ExceptionSubStatus | null; occurredAt: Date; unmappedCode: boolean };

/** Latest mapped event by occurrence; a terminal status wins over anything non-terminal. */
function deriveStatus(events: StoredEvent[]): StoredEvent | undefined {
  const mapped = events.filter((e) => !e.unmappedCode);
  const pool = mapped.length > 0 ? mapped : events;
  const sorted = [...pool].sort((a, b) => a.occurredAt.getTime() - b.occurredAt.getTime());
  const terminal = sorted.filter((e) => TERMINAL.has(e.status));
  return terminal.at(-1) ?? sorted.at(-1);
}

async function rederive(tx: Tx, shipmentId: string): Promise<void> {
  const [shipment] = await tx.select().from(shipments).where(eq(shipments.id, shipmentId)).for('update');
  if (!shipment) return;
  const rows = await tx
    .select({ status: trackingEvents.status, subStatus: trackingEvents.subStatus, occurredAt: trackingEvents.occurredAt, unmappedCode: trackingEvents.unmappedCode })
    .from(trackingEvents)
    .where(eq(trackingEvents.shipmentId, shipmentId))
    .orderBy(asc(trackingEvents.occurredAt));
  const latest = deriveStatus(rows);
  if (!latest || shipment.status === 'canceled') return;
  const firstScan = rows.find((r) => r.status !== 'info_received')?.occurredAt ?? null;
  const lastEventAt = rows.at(-1)?.occurredAt ?? null;
  const deliveredAt = latest.status === 'delivered' ? latest.occurredAt : null;
  await tx
    .update(shipments)
    .set({
      status: latest.status,
      subStatus: latest.status === 'exception' ? (latest.subStatus ?? 'other') : null,
      firstScanAt: firstScan,
      lastEventAt,
      deliveredAt,
    })
    .where(eq(shipments.id, shipmentId));
  if (latest.status !== shipment.status) await queueMilestoneEmails(tx, { shipmentId, previous: shipment.status, current: latest.status });
}

export async function ingestEvents(db: Db, events: NormalizedEvent[], source: IngestSource): Promise<IngestResult> {
  const result: IngestResult = { accepted: 0, duplicates: 0, unmatched: 0 };
  if (events.length === 0) return result;
  await db.transaction(async (tx) => {
    const numbers = [...new Set(events.map((e) => e.trackingNumber))];
    const known = await tx
      .select({ id: shipments.id, carrier: shipments.carrier, trackingNumber: shipments.trackingNumber })
      .from(shipments)
      .where(inArray(shipments.trackingNumber, numbers));
    const byKey = new Map(known.map((s) => [`${s.carrier}:${s.trackingNumber}`, s.id]));
    const touched = new Set<string>();
    for (const event of events) {
      const shipmentId = byKey.get(`${event.carrier}:${event.trackingNumber}`) ?? null;
      const inserted = await tx
        .insert(trackingEvents)
        .values({
          shipmentId,
          carrier: event.carrier,
          trackingNumber: event.trackingNumber,
          carrierCode: event.carrierCode?.slice(0, 64),
          status: event.status,
          subStatus: event.subStatus,
          description: event.description,
          location: event.location?.slice(0, 200),
          occurredAt: event.occurredAt,
          source,
          unmappedCode: event.unmappedCode ?? false,
          dedupeKey: eventDedupeKey(event),
        })
        .onConflictDoNothing({ target: trackingEvents.dedupeKey })
        .returning({ id: trackingEvents.id });
      if (inserted.length === 0) {
        result.duplicates += 1;
        continue;
      }
      result.accepted += 1;
      if (!shipmentId) {
        result.unmatched += 1;
        continue;
      }
      touched.add(shipmentId);
      // Carrier facts that are not statuses: keep the newest the carrier told us.
      const facts: Partial<typeof shipments.$inferInsert> = {};
      if (event.pickupPoint) facts.pickupPoint = event.pickupPoint;
      if (event.pickupDeadline) facts.pickupDeadline = event.pickupDeadline;
      if (event.carrierEta) facts.carrierEta = event.carrierEta;
      if (Object.keys(facts).length > 0) await tx.update(shipments).set(facts).where(eq(shipments.id, shipmentId));
    }
    for (const shipmentId of touched) await rederive(tx, shipmentId);
  });
  return result;
}

export async function matchPendingEvents(tx: DbOrTx, shipmentId: string): Promise<void> {
  const [shipment] = await tx.select({ carrier: shipments.carrier, trackingNumber: shipments.trackingNumber }).from(shipments).where(eq(shipments.id, shipmentId));
  if (!shipment) return;
  await tx
    .update(trackingEvents)
    .set({ shipmentId })
    .where(and(isNull(trackingEvents.shipmentId), eq(trackingEvents.carrier, shipment.carrier), eq(trackingEvents.trackingNumber, shipment.trackingNumber)));
  await rederive(tx as Tx, shipmentId);
}
