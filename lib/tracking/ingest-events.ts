// Placeholder for contract C1 (owner: api). The api engineer's version replaces this file at merge.
import { and, asc, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { Db, DbOrTx, Tx } from '@/db';
import { shipments, trackingEvents, type PickupPoint } from '@/db/schema';
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
  return event.eventId
    ? `${event.carrier}:id:${event.eventId}`
    : `${event.carrier}:${event.trackingNumber}:${event.occurredAt.toISOString()}:${event.carrierCode ?? event.status}`;
}

const TERMINAL = new Set<ShipmentStatus>(['delivered', 'returned_to_sender', 'canceled']);

type EventRow = typeof trackingEvents.$inferSelect;

/** Latest event by occurrence, except that a terminal event outranks any later non-terminal one. */
function deriveStatus(events: EventRow[]): EventRow | undefined {
  const ordered = [...events].sort((a, b) => a.occurredAt.getTime() - b.occurredAt.getTime());
  const terminal = ordered.filter((e) => TERMINAL.has(e.status)).at(-1);
  return terminal ?? ordered.at(-1);
}

async function rederive(tx: Tx, shipmentId: string, extras: NormalizedEvent[]): Promise<void> {
  const [shipment] = await tx.select().from(shipments).where(eq(shipments.id, shipmentId)).for('update');
  if (!shipment) return;
  const events = await tx.select().from(trackingEvents).where(eq(trackingEvents.shipmentId, shipmentId)).orderBy(asc(trackingEvents.occurredAt));
  const winner = deriveStatus(events);
  if (!winner) return;
  // Never backwards out of a terminal state.
  const status = TERMINAL.has(shipment.status) && !TERMINAL.has(winner.status) ? shipment.status : winner.status;
  const latestWith = <K extends 'pickupPoint' | 'pickupDeadline' | 'carrierEta'>(key: K) =>
    [...extras].sort((a, b) => a.occurredAt.getTime() - b.occurredAt.getTime()).filter((e) => e[key] !== undefined).at(-1)?.[key];
  const delivered = status === 'delivered' ? (events.filter((e) => e.status === 'delivered').at(-1)?.occurredAt ?? null) : shipment.deliveredAt;
  await tx
    .update(shipments)
    .set({
      status,
      subStatus: status === 'exception' ? (winner.subStatus ?? 'other') : null,
      firstScanAt: shipment.firstScanAt ?? events.find((e) => e.status !== 'info_received')?.occurredAt ?? null,
      lastEventAt: events.at(-1)?.occurredAt ?? shipment.lastEventAt,
      deliveredAt: delivered,
      pickupPoint: latestWith('pickupPoint') ?? shipment.pickupPoint,
      pickupDeadline: latestWith('pickupDeadline') ?? shipment.pickupDeadline,
      carrierEta: latestWith('carrierEta') ?? shipment.carrierEta,
    })
    .where(eq(shipments.id, shipmentId));
  if (status !== shipment.status) await queueMilestoneEmails(tx, { shipmentId, previous: shipment.status, current: status });
}

export async function ingestEvents(db: Db, events: NormalizedEvent[], source: IngestSource): Promise<IngestResult> {
  return db.transaction(async (tx) => {
    const result: IngestResult = { accepted: 0, duplicates: 0, unmatched: 0 };
    const touched = new Map<string, NormalizedEvent[]>();
    for (const event of events) {
      const [shipment] = await tx
        .select({ id: shipments.id })
        .from(shipments)
        .where(and(eq(shipments.carrier, event.carrier), eq(shipments.trackingNumber, event.trackingNumber)))
        .limit(1);
      const [row] = await tx
        .insert(trackingEvents)
        .values({
          shipmentId: shipment?.id ?? null,
          carrier: event.carrier,
          trackingNumber: event.trackingNumber,
          carrierCode: event.carrierCode ?? null,
          status: event.status,
          subStatus: event.subStatus ?? null,
          description: event.description ?? null,
          location: event.location ?? null,
          occurredAt: event.occurredAt,
          source,
          unmappedCode: event.unmappedCode ?? false,
          dedupeKey: eventDedupeKey(event),
        })
        .onConflictDoNothing({ target: trackingEvents.dedupeKey })
        .returning({ id: trackingEvents.id });
      if (!row) {
        result.duplicates++;
        continue;
      }
      result.accepted++;
      if (!shipment) {
        result.unmatched++;
        continue;
      }
      touched.set(shipment.id, [...(touched.get(shipment.id) ?? []), event]);
    }
    for (const [shipmentId, extras] of touched) await rederive(tx, shipmentId, extras);
    return result;
  });
}

export async function matchPendingEvents(tx: DbOrTx, shipmentId: string): Promise<void> {
  const [shipment] = await tx.select().from(shipments).where(eq(shipments.id, shipmentId));
  if (!shipment) return;
  const pending = await tx
    .update(trackingEvents)
    .set({ shipmentId })
    .where(and(isNull(trackingEvents.shipmentId), eq(trackingEvents.carrier, shipment.carrier), eq(trackingEvents.trackingNumber, shipment.trackingNumber)))
    .returning({ id: trackingEvents.id });
  if (pending.length === 0) return;
  const events = await tx.select().from(trackingEvents).where(inArray(trackingEvents.id, pending.map((p) => p.id)));
  const winner = deriveStatus(events);
  if (winner) {
    await tx
      .update(shipments)
      .set({ status: winner.status, lastEventAt: sql`greatest(${shipments.lastEventAt}, ${winner.occurredAt})` })
      .where(eq(shipments.id, shipmentId));
  }
}
