import fc from 'fast-check';
import { asc, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { shipments, trackingEvents } from '@/db/schema';
import { createShipment } from '@/test/carriers';
import { testDb, uniqueId } from '@/test/db';
import { localToInstant } from '@/lib/time/zoned';
import { buildTrackingDocument, type FormatEvent } from '@/lib/carriers/formats';
import { storeInboxDelivery } from '@/lib/carriers/inbox';
import { processInbox } from './process-inbox';

const db = testDb();

// One Posti parcel's life (§1.2): each event arrives as its own delivery, like a callback per status.
const stream: FormatEvent[] = [
  ['68', 'Lähettäjä on ilmoittanut lähetyksen tiedot Postille', '2026-11-17T16:41'],
  ['13', 'Lähetys on noudettu lähettäjältä', '2026-11-18T18:02'],
  ['31', 'Lähetys on kuljetuksessa', '2026-11-19T03:15'],
  ['71', 'Lähetys on jakelukuljetuksessa', '2026-11-20T07:48'],
  ['56', 'Lähetystä ei voitu luovuttaa – vastaanottajaa ei tavoitettu', '2026-11-20T12:10'],
  ['45', 'Lähetys on noudettavissa. Saapumisilmoitus on lähetetty vastaanottajalle.', '2026-11-20T14:05'],
  ['22', 'Lähetys on luovutettu vastaanottajalle', '2026-11-21T16:30'],
].map(([code, text, local]) => ({ code: code!, text: text!, at: localToInstant(local!, 'Europe/Helsinki')!, place: 'TAMPERE' }));

/** Every event at least once, some twice or three times, in any order. */
const arrivals = fc
  .tuple(fc.array(fc.nat({ max: stream.length - 1 }), { maxLength: 8 }), fc.infiniteStream(fc.nat()))
  .map(([extra, noise]) => {
    const all = [...stream.keys(), ...extra];
    const keyed = all.map((i) => ({ i, k: noise.next().value as number }));
    return keyed.sort((a, b) => a.k - b.k).map((x) => x.i);
  });

describe('any arrival order with duplicates', () => {
  it('gives the same final status and the same timeline, without double rows', async () => {
    await fc.assert(
      fc.asyncProperty(arrivals, async (order) => {
        const number = `JJFI${String(Date.now()).slice(-9)}${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`;
        const shipment = await createShipment(db, { carrier: 'posti', trackingNumber: number });
        for (const i of order) {
          const doc = buildTrackingDocument('posti', [{ parcel: { carrier: 'posti', trackingNumber: number }, events: [stream[i]!] }]);
          // A fresh inbox key per arrival: duplicates reach the ingest core, which must drop them.
          await storeInboxDelivery(db, { carrier: 'posti', source: 'webhook', dedupeKey: uniqueId('p'), rawBody: JSON.stringify(doc) });
          await processInbox(db, { carriers: ['posti'], limit: 500 });
        }
        const [after] = await db.select().from(shipments).where(eq(shipments.id, shipment.id));
        const timeline = await db.select().from(trackingEvents).where(eq(trackingEvents.shipmentId, shipment.id)).orderBy(asc(trackingEvents.occurredAt));
        expect(after!.status).toBe('delivered');
        expect(after!.deliveredAt?.toISOString()).toBe(stream.at(-1)!.at.toISOString());
        expect(timeline.map((e) => [e.carrierCode, e.status, e.description])).toEqual([
          ['68', 'info_received', stream[0]!.text],
          ['13', 'in_transit', stream[1]!.text],
          ['31', 'in_transit', stream[2]!.text],
          ['71', 'out_for_delivery', stream[3]!.text],
          ['56', 'failed_attempt', stream[4]!.text],
          ['45', 'available_for_pickup', stream[5]!.text],
          ['22', 'delivered', stream[6]!.text],
        ]);
      }),
      { numRuns: 15 },
    );
  }, 120_000);
});
