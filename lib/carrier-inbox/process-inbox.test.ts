import { and, asc, eq, inArray } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { shipments, trackingEvents, webhookInbox } from '@/db/schema';
import { createShipment, fixtureFor } from '@/test/carriers';
import { testDb, uniqueId } from '@/test/db';
import { buildBringEventCast } from '@/lib/carriers/formats';
import { purgeInboxBodies, storeInboxDelivery } from '@/lib/carriers/inbox';
import { backoffSeconds, drainInbox, INBOX_MAX_ATTEMPTS, processInbox } from './process-inbox';
import { countUnmappedCodes } from '@/lib/carriers/queries';

const db = testDb();
// This file processes only these carriers' rows; the webhook tests own bring/dhl rows that stay unprocessed.
const mine = { carriers: ['matkahuolto', 'posti', 'budbee'] as const };
const mhNumber = () => `MH${uniqueId('').replace(/\W/g, '').slice(0, 12).toUpperCase()}FI`;

async function drain() {
  let total = 0;
  await drainInbox(db, { ...mine, budgetMs: Infinity, onBatch: (r) => (total += r.processed + r.failed + r.parked) });
  return total;
}

async function timeline(shipmentId: string) {
  return db.select().from(trackingEvents).where(eq(trackingEvents.shipmentId, shipmentId)).orderBy(asc(trackingEvents.occurredAt));
}

describe('processInbox', () => {
  it('turns an inbox row into timeline events and the derived status, in the carrier’s words', async () => {
    const number = mhNumber();
    const shipment = await createShipment(db, { carrier: 'matkahuolto', trackingNumber: number });
    const { id } = await storeInboxDelivery(db, { carrier: 'matkahuolto', source: 'poll', dedupeKey: uniqueId('k'), rawBody: fixtureFor('matkahuolto', 'delivered', number) });
    await drain();
    const [row] = await db.select().from(webhookInbox).where(eq(webhookInbox.id, id!));
    expect(row!.processedAt).not.toBeNull();
    expect(row!.error).toBeNull();
    const events = await timeline(shipment.id);
    expect(events.map((e) => e.carrierCode)).toEqual(['02', '08', '25', '50', '60']);
    expect(events.at(-1)).toMatchObject({ status: 'delivered', description: 'Luovutettu vastaanottajalle', location: 'R-kioski Kauppakatu', source: 'poll' });
    const [after] = await db.select().from(shipments).where(eq(shipments.id, shipment.id));
    expect(after).toMatchObject({ status: 'delivered', pickupPoint: { id: '4521', name: 'R-kioski Kauppakatu' }, pickupDeadline: '2026-07-22' });
    expect(after!.deliveredAt?.toISOString()).toBe('2026-07-16T14:44:00.000Z');
  });

  it('never moves a parcel backwards: an older answer processed later changes neither status nor timeline count', async () => {
    const number = mhNumber();
    const shipment = await createShipment(db, { carrier: 'matkahuolto', trackingNumber: number });
    await storeInboxDelivery(db, { carrier: 'matkahuolto', source: 'poll', dedupeKey: uniqueId('k'), rawBody: fixtureFor('matkahuolto', 'delivered', number) });
    await drain();
    await storeInboxDelivery(db, { carrier: 'matkahuolto', source: 'poll', dedupeKey: uniqueId('k'), rawBody: fixtureFor('matkahuolto', 'out_for_delivery', number) });
    await storeInboxDelivery(db, { carrier: 'matkahuolto', source: 'poll', dedupeKey: uniqueId('k'), rawBody: fixtureFor('matkahuolto', 'delivered', number) });
    await drain();
    const [after] = await db.select().from(shipments).where(eq(shipments.id, shipment.id));
    expect(after!.status).toBe('delivered');
    // Out-for-delivery added one new event (45); the replayed delivered answer added none.
    expect((await timeline(shipment.id)).map((e) => e.carrierCode)).toEqual(['02', '08', '25', '45', '50', '60']);
  });

  it('a poison row is parked with its error and does not block the rows behind it', async () => {
    const number = mhNumber();
    const shipment = await createShipment(db, { carrier: 'matkahuolto', trackingNumber: number });
    const poison = await storeInboxDelivery(db, { carrier: 'matkahuolto', source: 'poll', dedupeKey: uniqueId('poison'), rawBody: '{"MHTrackingResults":[{"EventCode":"50"}]}' });
    const good = await storeInboxDelivery(db, { carrier: 'matkahuolto', source: 'poll', dedupeKey: uniqueId('good'), rawBody: fixtureFor('matkahuolto', 'available_for_pickup', number) });
    await drain();
    const [p] = await db.select().from(webhookInbox).where(eq(webhookInbox.id, poison.id!));
    const [g] = await db.select().from(webhookInbox).where(eq(webhookInbox.id, good.id!));
    expect(p!.processedAt).toBeNull();
    expect(p!.error).toMatch(/without ShipmentNumber/);
    expect(p!.attempts).toBe(INBOX_MAX_ATTEMPTS);
    expect(g!.processedAt).not.toBeNull();
    const [after] = await db.select().from(shipments).where(eq(shipments.id, shipment.id));
    expect(after!.status).toBe('available_for_pickup');
  });

  it('keeps events of a parcel we do not know yet, unattached', async () => {
    const number = `JJFI${Date.now()}${Math.floor(Math.random() * 1e4)}`.slice(0, 21);
    await storeInboxDelivery(db, { carrier: 'posti', source: 'poll', dedupeKey: uniqueId('k'), rawBody: fixtureFor('posti', 'in_transit', number) });
    await drain();
    const stored = await db.select().from(trackingEvents).where(and(eq(trackingEvents.carrier, 'posti'), eq(trackingEvents.trackingNumber, number)));
    expect(stored).toHaveLength(4);
    expect(stored.every((e) => e.shipmentId === null)).toBe(true);
  });

  it('two workers at once process every row exactly once (SKIP LOCKED)', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 12; i += 1) {
      const number = mhNumber();
      await createShipment(db, { carrier: 'matkahuolto', trackingNumber: number });
      ids.push((await storeInboxDelivery(db, { carrier: 'matkahuolto', source: 'poll', dedupeKey: uniqueId('c'), rawBody: fixtureFor('matkahuolto', 'in_transit', number) })).id!);
    }
    await Promise.all([processInbox(db, { ...mine, limit: 5 }), processInbox(db, { ...mine, limit: 5 }), processInbox(db, { ...mine, limit: 5 })]);
    await drain();
    const rows = await db.select().from(webhookInbox).where(eq(webhookInbox.source, 'poll'));
    const ours = rows.filter((r) => ids.includes(r.id));
    expect(ours).toHaveLength(12);
    expect(ours.every((r) => r.processedAt !== null && r.attempts === 1)).toBe(true);
  });

  it('a drain stops when its time is up and says rows are left; the next run processes the rest', async () => {
    await drain();
    const ids: string[] = [];
    for (let i = 0; i < 2; i += 1) {
      const number = mhNumber();
      await createShipment(db, { carrier: 'matkahuolto', trackingNumber: number });
      ids.push((await storeInboxDelivery(db, { carrier: 'matkahuolto', source: 'poll', dedupeKey: uniqueId('d'), rawBody: fixtureFor('matkahuolto', 'in_transit', number) })).id!);
    }
    const processedOf = async () => (await db.select().from(webhookInbox).where(inArray(webhookInbox.id, ids))).filter((r) => r.processedAt !== null).length;
    const batches: number[] = [];
    const first = await drainInbox(db, { ...mine, limit: 1, budgetMs: 0, onBatch: (r) => batches.push(r.processed) });
    expect(first).toEqual({ more: true });
    expect(batches).toEqual([1]);
    expect(await processedOf()).toBe(1);
    const second = await drainInbox(db, { ...mine, limit: 1, budgetMs: 60_000, onBatch: (r) => batches.push(r.processed) });
    expect(second).toEqual({ more: false });
    expect(batches).toEqual([1, 1]);
    expect(await processedOf()).toBe(2);
  });

  it('an informational push keeps the status of the stored history (Bring notice after ready-for-pickup)', async () => {
    const number = `0037070112${String(Date.now()).slice(-9)}${Math.floor(Math.random() * 10)}`;
    const shipment = await createShipment(db, { carrier: 'bring', trackingNumber: number });
    const parcel = { carrier: 'bring' as const, trackingNumber: number };
    const ready = buildBringEventCast(parcel, { code: 'READY_FOR_PICKUP', text: '', at: new Date('2026-11-19T11:20:00Z'), id: uniqueId('b') });
    const notice = buildBringEventCast(parcel, { code: 'NOTIFICATION_SENT', text: '', at: new Date('2026-11-19T11:21:00Z'), id: uniqueId('b') });
    await storeInboxDelivery(db, { carrier: 'bring', source: 'webhook', dedupeKey: uniqueId('k'), rawBody: JSON.stringify(ready) });
    await processInbox(db, { carriers: ['bring'], limit: 500 });
    await storeInboxDelivery(db, { carrier: 'bring', source: 'webhook', dedupeKey: uniqueId('k'), rawBody: JSON.stringify(notice) });
    await processInbox(db, { carriers: ['bring'], limit: 500 });
    const events = await timeline(shipment.id);
    expect(events.map((e) => [e.carrierCode, e.status])).toEqual([
      ['READY_FOR_PICKUP', 'available_for_pickup'],
      ['NOTIFICATION_SENT', 'available_for_pickup'],
    ]);
    const [after] = await db.select().from(shipments).where(eq(shipments.id, shipment.id));
    expect(after!.status).toBe('available_for_pickup');
  });

  it('empties raw bodies 30 days after processing, keeps fresh ones', async () => {
    // DHL rows: no test processes them, so nothing races the processed_at set here.
    const old = await storeInboxDelivery(db, { carrier: 'dhl', source: 'poll', dedupeKey: uniqueId('old'), rawBody: '{"shipments":[]}' });
    const fresh = await storeInboxDelivery(db, { carrier: 'dhl', source: 'poll', dedupeKey: uniqueId('fresh'), rawBody: '{"shipments":[]}' });
    await db.update(webhookInbox).set({ processedAt: new Date(Date.now() - 31 * 86_400_000) }).where(eq(webhookInbox.id, old.id!));
    await db.update(webhookInbox).set({ processedAt: new Date(Date.now() - 29 * 86_400_000) }).where(eq(webhookInbox.id, fresh.id!));
    expect(await purgeInboxBodies(db)).toBeGreaterThanOrEqual(1);
    const [o] = await db.select().from(webhookInbox).where(eq(webhookInbox.id, old.id!));
    const [f] = await db.select().from(webhookInbox).where(eq(webhookInbox.id, fresh.id!));
    expect(o!.rawBody).toBe('');
    expect(f!.rawBody).toBe('{"shipments":[]}');
  });

  it('backs off exponentially up to an hour', () => {
    expect([1, 2, 3, 4, 10].map(backoffSeconds)).toEqual([30, 60, 120, 240, 3600]);
  });
});

describe('countUnmappedCodes', () => {
  it('counts unknown codes per carrier and code with the latest text, and nothing mapped', async () => {
    const code = `Z${Date.now().toString(36).toUpperCase()}`;
    for (let i = 0; i < 3; i += 1) {
      const number = `JJFI${Date.now()}${i}${Math.floor(Math.random() * 1e3)}`.slice(0, 21);
      const raw = fixtureFor('posti', 'unknown_code', number).replace('"status_code": "94"', `"status_code": "${code}"`);
      await storeInboxDelivery(db, { carrier: 'posti', source: 'poll', dedupeKey: uniqueId('u'), rawBody: raw });
    }
    await drain();
    const counts = await countUnmappedCodes(db, { carrier: 'posti' });
    const row = counts.find((c) => c.code === code);
    expect(row).toMatchObject({ carrier: 'posti', code, count: 3, sampleText: 'Lähetys on siirretty toiseen noutopisteeseen' });
    expect(counts.some((c) => c.code === '45' || c.code === '22')).toBe(false);
  });
});
