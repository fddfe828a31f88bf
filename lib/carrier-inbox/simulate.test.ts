import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { asc, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { shipments, trackingEvents, webhookInbox } from '@/db/schema';
import { createShipment } from '@/test/carriers';
import { testDb, uniqueId } from '@/test/db';
import { saveCarrierConfig } from '@/lib/carriers/config';
import { receiveWebhook } from '@/lib/carriers/receive-webhook';
import { nextStep, simulateStep } from './simulate';

const db = testDb();

describe('simulateStep', () => {
  it('moves a parcel through carrier-format inbox rows to delivery or a pickup point, in the carrier’s words', async () => {
    const number = `JJFI64321${String(Date.now()).slice(-9)}${Math.floor(Math.random() * 1000)}`.slice(0, 21);
    const shipment = await createShipment(db, { carrier: 'posti', trackingNumber: number, shippedAt: new Date(Date.now() - 3 * 86_400_000) });
    await db.update(shipments).set({ service: 'Kotipaketti' }).where(eq(shipments.id, shipment.id));
    let now = Date.now() - 2 * 86_400_000;
    let [after] = await db.select().from(shipments).where(eq(shipments.id, shipment.id));
    for (let i = 0; i < 40 && !['delivered', 'available_for_pickup'].includes(after!.status); i += 1) {
      now += 3_600_000;
      await simulateStep(db, { shipmentIds: [shipment.id], now: new Date(now) });
      [after] = await db.select().from(shipments).where(eq(shipments.id, shipment.id));
    }
    expect(['delivered', 'available_for_pickup']).toContain(after!.status);
    const events = await db.select().from(trackingEvents).where(eq(trackingEvents.shipmentId, shipment.id)).orderBy(asc(trackingEvents.occurredAt));
    expect(events.length).toBeGreaterThanOrEqual(4);
    expect(events.every((e) => e.source === 'simulate' && !e.unmappedCode && /^\d+$/.test(e.carrierCode ?? ''))).toBe(true);
    expect(events.some((e) => e.description === 'Lähetys on jakelukuljetuksessa' && e.status === 'out_for_delivery')).toBe(true);
    // Every step went through the inbox as a Posti document.
    const inbox = await db.select().from(webhookInbox).where(eq(webhookInbox.source, 'simulate'));
    const mine = inbox.filter((r) => r.rawBody.includes(number));
    expect(mine.length).toBe(events.length);
    expect(mine.every((r) => r.processedAt && JSON.parse(r.rawBody).shipments[0].tracking_code === number)).toBe(true);
  });

  it('is idempotent per step: the same step twice stores one delivery', async () => {
    const token = uniqueId('SIM').replace(/\W/g, '').toUpperCase();
    const shipment = await createShipment(db, { carrier: 'budbee', trackingNumber: token });
    const now = new Date();
    const first = await simulateStep(db, { shipmentIds: [shipment.id], now, process: false });
    const again = await simulateStep(db, { shipmentIds: [shipment.id], now, process: false });
    expect(first.stored).toBe(1);
    expect(again).toMatchObject({ stored: 0, duplicates: 1 });
  });

  it('drives push carriers through the webhook endpoint with the configured secret', async () => {
    // Same settings as receive-webhook.test.ts (files may run in parallel; the values agree).
    await saveCarrierConfig(db, 'bring', { webhookAuth: 'header', webhookHeader: 'x-bring-secret', webhookSecret: 'bring-webhook-secret-0123456789abcdef' });
    const seen: number[] = [];
    const app = createServer(async (req, res) => {
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      const request = new Request(`http://localhost${req.url}`, { method: 'POST', headers: req.headers as Record<string, string>, body: Buffer.concat(chunks).toString() });
      const result = await receiveWebhook(db, req.url!.split('/').at(-1)!, request);
      seen.push(result.status);
      res.writeHead(result.status, { 'content-type': 'application/json' }).end(JSON.stringify(result.body));
    });
    await new Promise<void>((resolve) => app.listen(0, '127.0.0.1', resolve));
    try {
      const number = `0037070112${String(Date.now()).slice(-9)}${Math.floor(Math.random() * 10)}`;
      const shipment = await createShipment(db, { carrier: 'bring', trackingNumber: number });
      const result = await simulateStep(db, { shipmentIds: [shipment.id], webhookUrl: `http://127.0.0.1:${(app.address() as AddressInfo).port}`, process: false });
      expect(result.moves).toMatchObject([{ carrier: 'bring', step: 'handed_in', code: 'HANDED_IN', via: 'webhook' }]);
      expect(seen).toEqual([202]);
      const rows = (await db.select().from(webhookInbox).where(eq(webhookInbox.source, 'webhook'))).filter((r) => r.rawBody.includes(number));
      expect(rows).toHaveLength(1);
      expect(JSON.parse(rows[0]!.rawBody)).toMatchObject({ status: 'HANDED_IN', package: number });
    } finally {
      app.closeAllConnections();
      await new Promise((r) => app.close(r));
    }
  });

  it('follows the carriers’ traps: a failed attempt goes to a pickup point, DHL has none', () => {
    expect(nextStep({ carrier: 'bring', status: 'failed_attempt', toPickupPoint: false, events: 5, roll: 0.5 })).toBe('at_pickup_point');
    expect(nextStep({ carrier: 'dhl', status: 'in_transit', toPickupPoint: true, events: 5, roll: 0.9 })).toBe('out_for_delivery');
    expect(nextStep({ carrier: 'posti', status: 'delivered', toPickupPoint: false, events: 5, roll: 0.1 })).toBeNull();
  });
});
