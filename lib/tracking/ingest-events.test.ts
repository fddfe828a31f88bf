import { asc, eq } from 'drizzle-orm';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { orders, shipments, trackingEvents } from '@/db/schema';
import { createBareShipment } from '@/test/api-factories';
import { testDb, uniqueId } from '@/test/db';
import { deriveShipmentState } from './derive-status';
import { eventDedupeKey, ingestEvents, lockParcels, matchPendingEvents, type NormalizedEvent, type ShipmentStatus } from './ingest-events';

const statuses: ShipmentStatus[] = ['info_received', 'in_transit', 'out_for_delivery', 'available_for_pickup', 'delivered', 'failed_attempt', 'exception', 'returned_to_sender'];

/** An event without its parcel: the same stream is replayed onto two parcels and compared. */
type Template = { status: ShipmentStatus; minute: number; code: string; withId: boolean; subStatus?: 'customs' | 'weather' };

const templateArb = fc.record({
  status: fc.constantFrom(...statuses),
  minute: fc.integer({ min: 0, max: 60 * 24 * 6 }),
  code: fc.constantFrom('A1', 'B2', 'C3', 'D4'),
  withId: fc.boolean(),
  subStatus: fc.option(fc.constantFrom('customs' as const, 'weather' as const), { nil: undefined }),
});

const base = Date.UTC(2026, 10, 2, 6, 0, 0);

function materialize(t: Template, index: number, parcel: { carrier: NormalizedEvent['carrier']; trackingNumber: string }): NormalizedEvent {
  return {
    carrier: parcel.carrier,
    trackingNumber: parcel.trackingNumber,
    eventId: t.withId ? `${parcel.trackingNumber}-e${index}` : undefined,
    carrierCode: t.code,
    status: t.status,
    subStatus: t.status === 'exception' ? t.subStatus : undefined,
    description: `Carrier text ${index}`,
    occurredAt: new Date(base + t.minute * 60_000),
  };
}

async function snapshot(shipmentId: string) {
  const db = testDb();
  const [shipment] = await db
    .select({ status: shipments.status, subStatus: shipments.subStatus, deliveredAt: shipments.deliveredAt, firstScanAt: shipments.firstScanAt, lastEventAt: shipments.lastEventAt })
    .from(shipments)
    .where(eq(shipments.id, shipmentId));
  const timeline = await db
    .select({ status: trackingEvents.status, occurredAt: trackingEvents.occurredAt, code: trackingEvents.carrierCode, description: trackingEvents.description })
    .from(trackingEvents)
    .where(eq(trackingEvents.shipmentId, shipmentId))
    .orderBy(asc(trackingEvents.occurredAt), asc(trackingEvents.description));
  return { shipment, timeline: timeline.map((e) => ({ ...e, occurredAt: e.occurredAt.toISOString() })) };
}

describe('ingestEvents', () => {
  it('gives the same final status and timeline for any shuffle with duplicates and any batching (property, real DB)', async () => {
    const db = testDb();
    await fc.assert(
      fc.asyncProperty(
        fc.array(templateArb, { minLength: 1, maxLength: 12 }),
        fc.array(fc.nat(), { maxLength: 12 }),
        fc.infiniteStream(fc.nat()),
        fc.integer({ min: 1, max: 6 }),
        fc.boolean(),
        async (generated, duplicateIndexes, shuffleSeeds, batchSize, someBeforeShipment) => {
          // Without an event id, a carrier's code and time identify an event (eventDedupeKey): two such events are
          // one event sent twice, so they carry the same status and text, as a carrier's resend does. (Random
          // templates once gave one "event" two texts; which text won then depended on arrival order.)
          const firstOf = new Map<string, { template: Template; index: number }>();
          const templates = generated.map((t, i) => {
            if (t.withId) return { template: t, index: i };
            const key = `${t.code}@${t.minute}`;
            const first = firstOf.get(key) ?? { template: t, index: i };
            firstOf.set(key, first);
            return { template: { ...first.template, withId: false }, index: first.index };
          });
          const reference = await createBareShipment(db);
          const referenceEvents = templates.map(({ template, index }) => materialize(template, index, reference));
          await ingestEvents(db, referenceEvents, 'api');

          // The same stream for a second parcel: duplicated, shuffled and cut into batches.
          const parcel = { carrier: 'posti' as const, trackingNumber: `TN${uniqueId('P').toUpperCase().replace(/[^A-Z0-9]/g, '')}` };
          const events = templates.map(({ template, index }) => materialize(template, index, parcel));
          const stream = [...events, ...duplicateIndexes.map((d) => events[d % events.length]!)];
          const seeds = shuffleSeeds.take(stream.length);
          for (let i = stream.length - 1; i > 0; i--) {
            const j = seeds.next().value % (i + 1);
            [stream[i], stream[j]] = [stream[j]!, stream[i]!];
          }
          let accepted = 0;
          let start = 0;
          if (someBeforeShipment) {
            // The first batch arrives before the merchant created the shipment: kept unmatched, then matched.
            const early = stream.slice(0, batchSize);
            const result = await ingestEvents(db, early, 'api');
            expect(result.unmatched).toBe(result.accepted);
            accepted += result.accepted;
            start = batchSize;
          }
          const [order] = await db.select({ id: shipments.orderId }).from(shipments).where(eq(shipments.id, reference.shipmentId));
          const created = await db.transaction(async (tx) => {
            const [row] = await tx.insert(shipments).values({ orderId: order!.id, carrier: parcel.carrier, trackingNumber: parcel.trackingNumber }).returning({ id: shipments.id });
            await matchPendingEvents(tx, row!.id);
            return row!.id;
          });
          for (let i = start; i < stream.length; i += batchSize) {
            const result = await ingestEvents(db, stream.slice(i, i + batchSize), 'webhook');
            expect(result.accepted + result.duplicates).toBe(Math.min(batchSize, stream.length - i));
            accepted += result.accepted;
          }

          const distinct = new Set(events.map(eventDedupeKey)).size;
          expect(accepted).toBe(distinct);
          const a = await snapshot(reference.shipmentId);
          const b = await snapshot(created);
          expect(b.timeline).toHaveLength(distinct);
          expect(b.timeline).toEqual(a.timeline);
          expect(b.shipment).toEqual(a.shipment);
          // And both equal the pure derivation over the distinct events.
          const unique = [...new Map(events.map((e) => [eventDedupeKey(e), e])).entries()].map(([key, e]) => ({ ...e, dedupeKey: key }));
          expect(b.shipment!.status).toBe(deriveShipmentState(unique).status);
        },
      ),
      { numRuns: 30 },
    );
  }, 120_000);

  it('at a pickup point, keeps the last day to collect the carrier gives, or counts the holding period from the day it arrived', async () => {
    const db = testDb();
    const ready = new Date(Date.UTC(2026, 10, 2, 23, 30)); // already 3 Nov in Helsinki
    const withoutDeadline = await createBareShipment(db, 'posti');
    await ingestEvents(db, [{ carrier: 'posti', trackingNumber: withoutDeadline.trackingNumber, carrierCode: '71', status: 'available_for_pickup', description: 'Noudettavissa', occurredAt: ready }], 'webhook');
    const withDeadline = await createBareShipment(db, 'matkahuolto');
    await ingestEvents(
      db,
      [{ carrier: 'matkahuolto', trackingNumber: withDeadline.trackingNumber, carrierCode: '50', status: 'available_for_pickup', description: 'Noudettavissa', occurredAt: ready, pickupDeadline: '2026-11-20' }],
      'webhook',
    );
    const deadline = async (id: string) => (await db.select({ d: shipments.pickupDeadline }).from(shipments).where(eq(shipments.id, id)))[0]!.d;
    expect(await deadline(withoutDeadline.shipmentId)).toBe('2026-11-10'); // Posti holds 7 days
    expect(await deadline(withDeadline.shipmentId)).toBe('2026-11-20');
  });

  it('keeps events of an unknown parcel and matches them when the shipment arrives', async () => {
    const db = testDb();
    const { orderId } = await createBareShipment(db);
    const trackingNumber = `JJFI${uniqueId('U').toUpperCase().replace(/[^A-Z0-9]/g, '')}`;
    const result = await ingestEvents(
      db,
      [
        { carrier: 'posti', trackingNumber, status: 'in_transit', carrierCode: '22', occurredAt: new Date('2026-11-02T08:00:00Z') },
        { carrier: 'posti', trackingNumber, status: 'available_for_pickup', carrierCode: '68', occurredAt: new Date('2026-11-03T08:00:00Z'), pickupPoint: { name: 'R-kioski Kamppi' }, pickupDeadline: '2026-11-10' },
      ],
      'webhook',
    );
    expect(result).toEqual({ accepted: 2, duplicates: 0, unmatched: 2 });

    const shipmentId = await db.transaction(async (tx) => {
      const [row] = await tx.insert(shipments).values({ orderId, carrier: 'posti', trackingNumber }).returning({ id: shipments.id });
      await matchPendingEvents(tx, row!.id);
      return row!.id;
    });
    const [shipment] = await db.select().from(shipments).where(eq(shipments.id, shipmentId));
    expect(shipment).toMatchObject({ status: 'available_for_pickup', pickupPoint: { name: 'R-kioski Kamppi' }, pickupDeadline: '2026-11-10' });
    expect(shipment!.firstScanAt?.toISOString()).toBe('2026-11-02T08:00:00.000Z');
    const matched = await db.select({ id: trackingEvents.id }).from(trackingEvents).where(eq(trackingEvents.shipmentId, shipmentId));
    expect(matched).toHaveLength(2);

    // Replaying the same events later is a pure duplicate.
    const replay = await ingestEvents(db, [{ carrier: 'posti', trackingNumber, status: 'in_transit', carrierCode: '22', occurredAt: new Date('2026-11-02T08:00:00Z') }], 'poll');
    expect(replay).toEqual({ accepted: 0, duplicates: 1, unmatched: 0 });
  });

  it('an event arriving while its shipment is being created is matched, not left behind', async () => {
    const db = testDb();
    const { orderId } = await createBareShipment(db);
    const trackingNumber = `JJFI${uniqueId('R').toUpperCase().replace(/[^A-Z0-9]/g, '')}`;
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let created!: (id: string) => void;
    const shipmentCreated = new Promise<string>((resolve) => (created = resolve));
    // The creating transaction does what createShipment does, then stays open.
    const creating = db.transaction(async (tx) => {
      await lockParcels(tx, [{ carrier: 'posti', trackingNumber }]);
      const [row] = await tx.insert(shipments).values({ orderId, carrier: 'posti', trackingNumber }).returning({ id: shipments.id });
      await matchPendingEvents(tx, row!.id);
      created(row!.id);
      await held;
    });
    const shipmentId = await shipmentCreated;
    const ingesting = ingestEvents(db, [{ carrier: 'posti', trackingNumber, status: 'in_transit', occurredAt: new Date('2026-11-02T08:00:00Z') }], 'webhook');
    await new Promise((resolve) => setTimeout(resolve, 150));
    release();
    await creating;
    expect(await ingesting).toEqual({ accepted: 1, duplicates: 0, unmatched: 0 });
    const [shipment] = await db.select({ status: shipments.status }).from(shipments).where(eq(shipments.id, shipmentId));
    expect(shipment!.status).toBe('in_transit');
  });

  it('writes one audit row per status change and survives concurrent overlapping batches', async () => {
    const db = testDb();
    const parcels = await Promise.all([createBareShipment(db), createBareShipment(db), createBareShipment(db)]);
    const batch = (reverse: boolean) => {
      const list = parcels.flatMap((p, i) => [
        { carrier: p.carrier, trackingNumber: p.trackingNumber, status: 'in_transit' as const, occurredAt: new Date(base + i * 1000) },
        { carrier: p.carrier, trackingNumber: p.trackingNumber, status: 'delivered' as const, occurredAt: new Date(base + 86_400_000 + i * 1000) },
      ]);
      return reverse ? list.reverse() : list;
    };
    const results = await Promise.all([ingestEvents(db, batch(false), 'api'), ingestEvents(db, batch(true), 'api'), ingestEvents(db, batch(false), 'api')]);
    expect(results.reduce((sum, r) => sum + r.accepted, 0)).toBe(6);
    for (const p of parcels) {
      const [s] = await db.select({ status: shipments.status }).from(shipments).where(eq(shipments.id, p.shipmentId));
      expect(s!.status).toBe('delivered');
      const audit = await db.query.caseEvents.findMany({ where: (t, { and, eq: is }) => and(is(t.orderId, p.orderId), is(t.type, 'shipment.status_changed')) });
      expect(audit).toHaveLength(1);
      expect(audit[0]!.data).toMatchObject({ shipmentId: p.shipmentId, from: 'info_received', to: 'delivered' });
    }
    void orders;
  });
});
