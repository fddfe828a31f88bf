import { and, asc, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { caseEvents, idempotencyKeys, orderLines, orders, returns, shipments, trackingLinks, variants } from '@/db/schema';
import { purgeExpiredIdempotencyKeys } from '@/lib/api/idempotency';
import { revokeApiKey } from '@/lib/api-keys/revoke-api-key';
import { findRedeemableLink } from '@/lib/tracking-links/queries';
import { call, newKey, newOrderNumber, newTrackingNumber, orderBody } from '@/test/api-client';
import { testDb } from '@/test/db';
import * as catchAll from './[...path]/route';
import * as orderRoute from './orders/[orderNumber]/route';
import * as shipmentsRoute from './orders/[orderNumber]/shipments/route';
import * as linksRoute from './orders/[orderNumber]/tracking-links/route';
import * as returnRoute from './returns/[rma]/route';
import * as returnsRoute from './returns/route';
import * as eventsRoute from './tracking-events/route';
import * as variantRoute from './variants/[sku]/route';

async function putOrder(key: string, orderNumber = newOrderNumber(), body: unknown = orderBody()) {
  const res = await call(orderRoute.PUT, { key, method: 'PUT', body, params: { orderNumber }, path: `/api/v1/orders/${orderNumber}` });
  return { orderNumber, res };
}

function postShipment(key: string, orderNumber: string, body: unknown, headers: Record<string, string> = {}) {
  return call(shipmentsRoute.POST, { key, body, params: { orderNumber }, headers, path: `/api/v1/orders/${orderNumber}/shipments` });
}

describe('merchant API: authentication, scopes and limits', () => {
  it('401 without a key, with WWW-Authenticate: Bearer', async () => {
    const res = await call(orderRoute.GET, { params: { orderNumber: 'X-1' } });
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toMatch(/^Bearer/);
    expect(res.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    expect(res.json.error.code).toBe('unauthorized');
  });

  it('401 with an invalid key (unknown, malformed, or a right prefix with a wrong secret)', async () => {
    const { prefix } = await newKey();
    for (const key of [`pal_${'0'.repeat(12)}_${'A'.repeat(43)}`, 'not-a-key', `pal_${prefix}_${'B'.repeat(43)}`]) {
      const res = await call(orderRoute.GET, { key, params: { orderNumber: 'X-1' } });
      expect(res.status, key).toBe(401);
      expect(res.headers.get('www-authenticate')).toMatch(/^Bearer/);
    }
    const basic = await call(orderRoute.GET, { headers: { authorization: 'Basic dXNlcjpwYXNz' }, params: { orderNumber: 'X-1' } });
    expect(basic.status).toBe(401);
  });

  it('401 once the key is revoked, and records last use', async () => {
    const db = testDb();
    const { key, prefix, id } = await newKey();
    expect((await call(orderRoute.GET, { key, params: { orderNumber: 'NOPE-1' } })).status).toBe(404);
    const row = await db.query.apiKeys.findFirst({ where: (t, { eq: is }) => is(t.id, id) });
    expect(row?.lastUsedAt).toBeInstanceOf(Date);
    await revokeApiKey({ db, actor: { type: 'system' } }, { prefix });
    const res = await call(orderRoute.GET, { key, params: { orderNumber: 'NOPE-1' } });
    expect(res.status).toBe(401);
    expect(res.json.error.message).toMatch(/revoked/);
  });

  it('403 when the key lacks the scope', async () => {
    const { key } = await newKey(['orders:read']);
    const res = await call(eventsRoute.POST, { key, body: { events: [] } });
    expect(res.status).toBe(403);
    expect(res.json.error).toMatchObject({ code: 'forbidden' });
    expect(res.json.error.message).toContain('events:write');
  });

  it('429 with Retry-After past the per-key limit (API_RATE_LIMIT_PER_MINUTE)', async () => {
    const { key } = await newKey();
    const other = await newKey();
    const before = process.env.API_RATE_LIMIT_PER_MINUTE;
    process.env.API_RATE_LIMIT_PER_MINUTE = '3';
    try {
      const statuses = [];
      for (let i = 0; i < 4; i++) statuses.push((await call(orderRoute.GET, { key, params: { orderNumber: 'NOPE-2' } })).status);
      expect(statuses).toEqual([404, 404, 404, 429]);
      const limited = await call(orderRoute.GET, { key, params: { orderNumber: 'NOPE-2' } });
      expect(limited.status).toBe(429);
      expect(Number(limited.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      expect(Number(limited.headers.get('retry-after'))).toBeLessThanOrEqual(60);
      expect(limited.json.error.code).toBe('rate_limited');
      // The limit is per key: another key is unaffected.
      expect((await call(orderRoute.GET, { key: other.key, params: { orderNumber: 'NOPE-2' } })).status).toBe(404);
    } finally {
      if (before === undefined) delete process.env.API_RATE_LIMIT_PER_MINUTE;
      else process.env.API_RATE_LIMIT_PER_MINUTE = before;
    }
  });
});

describe('merchant API: bodies', () => {
  it('400 for a body that is not JSON, or not declared as JSON', async () => {
    const { key } = await newKey();
    const orderNumber = newOrderNumber();
    const broken = await call(orderRoute.PUT, { key, method: 'PUT', rawBody: '{"email": ', headers: { 'content-type': 'application/json' }, params: { orderNumber } });
    expect(broken.status).toBe(400);
    expect(broken.json.error.code).toBe('bad_request');
    const text = await call(orderRoute.PUT, { key, method: 'PUT', rawBody: JSON.stringify(orderBody()), headers: { 'content-type': 'text/plain' }, params: { orderNumber } });
    expect(text.status).toBe(400);
    expect(text.json.error.message).toMatch(/Content-Type/);
    const empty = await call(orderRoute.PUT, { key, method: 'PUT', params: { orderNumber } });
    expect(empty.status).toBe(400);
    expect(await testDb().select().from(orders).where(eq(orders.orderNumber, orderNumber))).toHaveLength(0);
  });

  it('413 over 1 MB: declared, chunked without Content-Length, and when Content-Length lies', async () => {
    const { key } = await newKey();
    const big = JSON.stringify({ events: [], padding: 'x'.repeat(1024 * 1024) });
    const declared = await call(eventsRoute.POST, { key, rawBody: big, headers: { 'content-type': 'application/json' } });
    expect(declared.status).toBe(413);
    expect(declared.json.error.code).toBe('payload_too_large');

    const chunk = new TextEncoder().encode('x'.repeat(64 * 1024));
    let sent = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent >= 20) return controller.close();
        sent += 1;
        controller.enqueue(chunk);
      },
    });
    const chunked = await call(eventsRoute.POST, { key, rawBody: stream, headers: { 'content-type': 'application/json' } });
    expect(chunked.status).toBe(413);
    expect(sent).toBeLessThan(20); // stopped reading once over the cap

    const lying = await call(eventsRoute.POST, {
      key,
      rawBody: new ReadableStream({
        start(controller) {
          controller.enqueue(new TextEncoder().encode(big));
          controller.close();
        },
      }),
      headers: { 'content-type': 'application/json', 'content-length': '10' },
    });
    expect(lying.status).toBe(413);
  });

  it('422 with field details for a body that fails validation, and nothing is written', async () => {
    const { key } = await newKey();
    const body = orderBody({ email: 'not-an-email', lines: [{ sku: 'A', title: 'A', quantity: 0, unitPrice: -1 }] });
    const { orderNumber, res } = await putOrder(key, newOrderNumber(), body);
    expect(res.status).toBe(422);
    expect(res.json.error.code).toBe('invalid_input');
    expect(Object.keys(res.json.error.details.fields)).toEqual(expect.arrayContaining(['email', 'lines.0.quantity', 'lines.0.unitPrice']));
    expect(res.json.error.details.fields['lines.0.quantity'][0]).toEqual(expect.any(String));
    expect(await testDb().select().from(orders).where(eq(orders.orderNumber, orderNumber))).toHaveLength(0);
  });

  it('422 for an invalid order number in the path and for more than 500 events', async () => {
    const { key } = await newKey();
    const path = await call(orderRoute.GET, { key, params: { orderNumber: '#bad number' } });
    expect(path.status).toBe(422);
    expect(path.json.error.details.fields.orderNumber).toBeDefined();
    const event = { carrier: 'posti', trackingNumber: 'X1', status: 'in_transit', occurredAt: '2026-11-20T10:00:00Z' };
    const tooMany = await call(eventsRoute.POST, { key, body: { events: Array.from({ length: 501 }, () => event) } });
    expect(tooMany.status).toBe(422);
    expect(tooMany.json.error.details.fields.events).toBeDefined();
    const neither = await call(eventsRoute.POST, { key, body: { events: [{ carrier: 'posti', trackingNumber: 'X1', occurredAt: '2026-11-20T10:00:00Z' }] } });
    expect(neither.status).toBe(422);
    expect(neither.json.error.details.fields['events.0.status']).toBeDefined();
  });
});

describe('merchant API: orders', () => {
  it('PUT creates (201) then replaces (200); GET returns lines with counters; audit rows written', async () => {
    const db = testDb();
    const { key } = await newKey();
    const { orderNumber, res } = await putOrder(key);
    expect(res.status).toBe(201);
    expect(res.json).toMatchObject({ orderNumber, email: 'maija.merchant@example.com', locale: 'fi', capturedAmount: 16450 });
    expect(res.json.lines).toHaveLength(2);

    const replaced = await putOrder(key, orderNumber, orderBody({ customerName: 'Maija M.', lines: [{ sku: 'SWEATER-M', title: 'Merino Sweater', quantity: 1, unitPrice: 5990 }], capturedAmount: 5990 }));
    expect(replaced.res.status).toBe(200);
    expect(replaced.res.json.customerName).toBe('Maija M.');
    expect(replaced.res.json.lines).toEqual([expect.objectContaining({ sku: 'SWEATER-M', quantity: 1, fulfilledQuantity: 0 })]);

    const got = await call(orderRoute.GET, { key, params: { orderNumber: orderNumber.toLowerCase() } });
    expect(got.status).toBe(200);
    expect(got.json.orderNumber).toBe(orderNumber);
    const [order] = await db.select({ id: orders.id }).from(orders).where(eq(orders.orderNumber, orderNumber));
    const audit = await db.select().from(caseEvents).where(and(eq(caseEvents.orderId, order!.id), eq(caseEvents.type, 'order.upserted')));
    expect(audit).toHaveLength(2);
    expect(audit[0]).toMatchObject({ actorType: 'merchant_api' });
  });

  it('applies updates in the order the merchant made them: one not newer than the last applied is a 200 no-op with the current state (API-05)', async () => {
    const db = testDb();
    const { key } = await newKey();
    const { orderNumber } = await putOrder(key, newOrderNumber(), orderBody({ updatedAt: '2026-11-20T10:00:00Z' }));
    const newer = await putOrder(key, orderNumber, orderBody({ customerName: 'Newer Name', updatedAt: '2026-11-20T12:30:00+02:00' }));
    expect(newer.res.status).toBe(200);
    expect(newer.res.json.customerName).toBe('Newer Name');

    // 12:30+02:00 is 10:30 UTC: an older update delivered late, or that same one again, changes nothing.
    for (const updatedAt of ['2026-11-20T10:15:00Z', '2026-11-20T10:30:00Z']) {
      const stale = await putOrder(key, orderNumber, orderBody({ customerName: 'Stale Name', lines: [{ sku: 'SWEATER-M', title: 'Merino Sweater', quantity: 1, unitPrice: 5990 }], capturedAmount: 5990, updatedAt }));
      expect(stale.res.status, updatedAt).toBe(200);
      expect(stale.res.json.customerName).toBe('Newer Name');
      expect(stale.res.json.lines).toHaveLength(2);
    }
    const [order] = await db.select({ id: orders.id, name: orders.customerName }).from(orders).where(eq(orders.orderNumber, orderNumber));
    expect(order!.name).toBe('Newer Name');
    expect(await db.select().from(caseEvents).where(and(eq(caseEvents.orderId, order!.id), eq(caseEvents.type, 'order.upserted')))).toHaveLength(2);

    const later = await putOrder(key, orderNumber, orderBody({ customerName: 'Latest Name', updatedAt: '2026-11-20T10:30:01Z' }));
    expect(later.res.json.customerName).toBe('Latest Name');
    expect((await putOrder(key, orderNumber, orderBody({ updatedAt: 'yesterday' }))).res.status).toBe(422);
  });

  it('404 in the API error shape for an unknown endpoint', async () => {
    const res = await call(catchAll.POST, { method: 'POST' });
    expect(res.status).toBe(404);
    expect(res.json.error.code).toBe('not_found');
  });

  it('404 for an unknown order', async () => {
    const { key } = await newKey();
    const res = await call(orderRoute.GET, { key, params: { orderNumber: 'NO-SUCH-ORDER' } });
    expect(res.status).toBe(404);
    expect(res.json.error.code).toBe('not_found');
    const shipment = await postShipment(key, 'NO-SUCH-ORDER', { carrier: 'posti', trackingNumber: newTrackingNumber(), lines: [{ sku: 'A', quantity: 1 }] });
    expect(shipment.status).toBe(404);
    const link = await call(linksRoute.POST, { key, params: { orderNumber: 'NO-SUCH-ORDER' } });
    expect(link.status).toBe(404);
  });

  it('422 invalid_state when a replace would drop or shrink a fulfilled line', async () => {
    const { key } = await newKey();
    const { orderNumber } = await putOrder(key);
    expect((await postShipment(key, orderNumber, { carrier: 'posti', trackingNumber: newTrackingNumber(), lines: [{ sku: 'SWEATER-M', quantity: 2 }] })).status).toBe(201);
    const dropped = await putOrder(key, orderNumber, orderBody({ lines: [{ sku: 'SOCKS-39', title: 'Wool Socks', quantity: 3, unitPrice: 1490 }], capturedAmount: 4470 }));
    expect(dropped.res.status).toBe(422);
    expect(dropped.res.json.error.code).toBe('invalid_state');
    expect(dropped.res.json.error.details.fields.lines[0]).toMatch(/SWEATER-M/);
    const shrunk = await putOrder(key, orderNumber, orderBody({ lines: [{ sku: 'SWEATER-M', title: 'Merino Sweater', quantity: 1, unitPrice: 5990 }], capturedAmount: 5990 }));
    expect(shrunk.res.status).toBe(422);
    expect(shrunk.res.json.error.details.fields['lines.0.quantity'][0]).toMatch(/cannot go below 2/);
    // Nothing changed.
    const got = await call(orderRoute.GET, { key, params: { orderNumber } });
    expect(got.json.lines.map((l: { sku: string; quantity: number; fulfilledQuantity: number }) => [l.sku, l.quantity, l.fulfilledQuantity])).toEqual([
      ['SWEATER-M', 2, 2],
      ['SOCKS-39', 3, 0],
    ]);
  });
});

describe('merchant API: state rules', () => {
  it('422 invalid_state for capturedAmount below what was refunded, and for a shipment of a canceled order', async () => {
    const db = testDb();
    const { key } = await newKey();
    const { orderNumber } = await putOrder(key);
    await db.update(orders).set({ refundedAmount: 5000 }).where(eq(orders.orderNumber, orderNumber));
    const lower = await putOrder(key, orderNumber, orderBody({ capturedAmount: 4000 }));
    expect(lower.res.status).toBe(422);
    expect(lower.res.json.error).toMatchObject({ code: 'invalid_state', details: { fields: { capturedAmount: [expect.stringContaining('5000')] } } });

    await db.update(orders).set({ canceledAt: new Date() }).where(eq(orders.orderNumber, orderNumber));
    const shipment = await postShipment(key, orderNumber, { carrier: 'posti', trackingNumber: newTrackingNumber(), lines: [{ sku: 'SOCKS-39', quantity: 1 }] });
    expect(shipment.status).toBe(422);
    expect(shipment.json.error.code).toBe('invalid_state');
    const [row] = await db.select({ captured: orders.capturedAmount }).from(orders).where(eq(orders.orderNumber, orderNumber));
    expect(row!.captured).toBe(16450);
  });
});

describe('merchant API: shipments and events', () => {
  it('POST shipment → 201 {id, trackingUrl}, bumps counters, predicts a date; 409 on a duplicate tracking number; 422 on over-shipping', async () => {
    const db = testDb();
    const { key } = await newKey();
    const { orderNumber } = await putOrder(key);
    const trackingNumber = newTrackingNumber();
    const res = await postShipment(key, orderNumber, { carrier: 'posti', trackingNumber, lines: [{ sku: 'SWEATER-M', quantity: 1 }], promisedDate: '2026-11-25' });
    expect(res.status).toBe(201);
    expect(res.json).toEqual({ id: expect.any(String), trackingUrl: `https://www.posti.fi/seuranta/${trackingNumber}` });
    const [shipment] = await db.select().from(shipments).where(eq(shipments.id, res.json.id));
    expect(shipment).toMatchObject({ status: 'info_received', promisedDate: '2026-11-25' });
    expect(shipment!.predictedDate).toMatch(/^\d{4}-\d\d-\d\d$/);

    const duplicate = await postShipment(key, orderNumber, { carrier: 'posti', trackingNumber, lines: [{ sku: 'SWEATER-M', quantity: 1 }] });
    expect(duplicate.status).toBe(409);
    expect(duplicate.json.error.code).toBe('conflict');

    const over = await postShipment(key, orderNumber, { carrier: 'bring', trackingNumber: newTrackingNumber(), lines: [{ sku: 'SWEATER-M', quantity: 2 }] });
    expect(over.status).toBe(422);
    expect(over.json.error.details.fields['lines.0.quantity'][0]).toMatch(/Only 1/);
    const unknown = await postShipment(key, orderNumber, { carrier: 'bring', trackingNumber: newTrackingNumber(), lines: [{ sku: 'NOPE', quantity: 1 }] });
    expect(unknown.status).toBe(422);
    expect(unknown.json.error.details.fields['lines.0.sku']).toBeDefined();

    const [order] = await db.select({ id: orders.id }).from(orders).where(eq(orders.orderNumber, orderNumber));
    const lines = await db.select({ sku: orderLines.sku, fulfilled: orderLines.fulfilledQuantity }).from(orderLines).where(eq(orderLines.orderId, order!.id));
    expect(lines.find((l) => l.sku === 'SWEATER-M')!.fulfilled).toBe(1);
  });

  it('tracking events derive the status; codes alone are mapped; unknown parcels are matched when the shipment arrives', async () => {
    const { key, id: apiKeyId } = await newKey();
    const { orderNumber } = await putOrder(key);
    const trackingNumber = newTrackingNumber();
    const early = await call(eventsRoute.POST, {
      key,
      body: { events: [{ carrier: 'posti', trackingNumber, status: 'in_transit', description: 'Lähetys on lajiteltu', location: 'Vantaa', occurredAt: '2026-11-21T08:00:00+02:00' }] },
    });
    expect(early.json).toEqual({ accepted: 1, duplicates: 0, unmatched: 1 });
    expect((await postShipment(key, orderNumber, { carrier: 'posti', trackingNumber, lines: [{ sku: 'SOCKS-39', quantity: 3 }] })).status).toBe(201);

    const events = [
      { carrier: 'posti', trackingNumber, eventId: `${trackingNumber}-3`, status: 'delivered', occurredAt: '2026-11-22T14:00:00+02:00' },
      { carrier: 'posti', trackingNumber, code: '91', description: 'Unknown code', occurredAt: '2026-11-22T09:00:00+02:00' },
      { carrier: 'posti', trackingNumber, status: 'in_transit', description: 'Lähetys on lajiteltu', location: 'Vantaa', occurredAt: '2026-11-21T08:00:00+02:00' },
    ];
    const res = await call(eventsRoute.POST, { key, body: { events } });
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ accepted: 2, duplicates: 1, unmatched: 0 });
    const again = await call(eventsRoute.POST, { key, body: { events } });
    expect(again.json).toEqual({ accepted: 0, duplicates: 3, unmatched: 0 });
    const audit = await testDb()
      .select({ type: caseEvents.type, data: caseEvents.data })
      .from(caseEvents)
      .where(and(eq(caseEvents.actorType, 'merchant_api'), eq(caseEvents.actorId, apiKeyId)))
      .orderBy(asc(caseEvents.id));
    expect(audit.filter((a) => a.type === 'tracking_events.received').map((a) => a.data)).toEqual([
      expect.objectContaining({ accepted: 1, unmatched: 1 }),
      expect.objectContaining({ accepted: 2, duplicates: 1, statusChanges: 1 }),
    ]);
    expect(audit.filter((a) => a.type === 'shipment.status_changed').map((a) => a.data)).toEqual([expect.objectContaining({ from: 'in_transit', to: 'delivered' })]);

    const got = await call(orderRoute.GET, { key, params: { orderNumber } });
    expect(got.json.shipments[0]).toMatchObject({ trackingNumber, status: 'delivered', deliveredAt: '2026-11-22T12:00:00.000Z', lines: [{ sku: 'SOCKS-39', quantity: 3 }] });
  });
});

describe('merchant API: idempotency', () => {
  it('replays the stored response for the same key and body; 422 idempotency_mismatch for another body', async () => {
    const db = testDb();
    const { key, id: apiKeyId } = await newKey();
    const { orderNumber } = await putOrder(key);
    const body = { carrier: 'dhl', trackingNumber: newTrackingNumber(), lines: [{ sku: 'SWEATER-M', quantity: 1 }] };
    const first = await postShipment(key, orderNumber, body, { 'idempotency-key': 'ship-1' });
    expect(first.status).toBe(201);
    const replay = await postShipment(key, orderNumber, body, { 'idempotency-key': 'ship-1' });
    expect(replay.status).toBe(201);
    expect(replay.json).toEqual(first.json);
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    const parcels = await db.select().from(shipments).where(eq(shipments.trackingNumber, body.trackingNumber));
    expect(parcels).toHaveLength(1);

    const mismatch = await postShipment(key, orderNumber, { ...body, trackingNumber: newTrackingNumber() }, { 'idempotency-key': 'ship-1' });
    expect(mismatch.status).toBe(422);
    expect(mismatch.json.error.code).toBe('idempotency_mismatch');

    // Keys are per API key: another key may use the same Idempotency-Key for its own request.
    const other = await newKey();
    const own = await postShipment(other.key, orderNumber, { ...body, trackingNumber: newTrackingNumber() }, { 'idempotency-key': 'ship-1' });
    expect(own.status).toBe(201);
    const stored = await db.select().from(idempotencyKeys).where(eq(idempotencyKeys.apiKeyId, apiKeyId));
    expect(stored).toHaveLength(1);
  });

  it('409 while the first request with the key is still running', async () => {
    const db = testDb();
    const { key } = await newKey();
    const { orderNumber } = await putOrder(key);
    const body = { carrier: 'budbee', trackingNumber: newTrackingNumber(), lines: [{ sku: 'SWEATER-M', quantity: 1 }] };
    const [order] = await db.select({ id: orders.id }).from(orders).where(eq(orders.orderNumber, orderNumber));
    // Hold the order row so the first request blocks inside its transaction.
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let locked!: () => void;
    const isLocked = new Promise<void>((resolve) => (locked = resolve));
    const blocker = db.transaction(async (tx) => {
      await tx.select().from(orders).where(eq(orders.id, order!.id)).for('update');
      locked();
      await held;
    });
    await isLocked;
    const first = postShipment(key, orderNumber, body, { 'idempotency-key': 'slow-1' });
    // Wait until the first request has claimed the key.
    for (let i = 0; i < 100; i++) {
      const rows = await db.select().from(idempotencyKeys).where(eq(idempotencyKeys.key, 'slow-1'));
      if (rows.some((r) => r.responseStatus === null)) break;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const second = await postShipment(key, orderNumber, body, { 'idempotency-key': 'slow-1' });
    expect(second.status).toBe(409);
    expect(second.json.error.code).toBe('conflict');
    release();
    await blocker;
    expect((await first).status).toBe(201);
    const replay = await postShipment(key, orderNumber, body, { 'idempotency-key': 'slow-1' });
    expect(replay.status).toBe(201);
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
  });
});

describe('merchant API: idempotency expiry', () => {
  it('a key older than 24 h runs afresh, and the purge removes expired keys', async () => {
    const db = testDb();
    const { key, id: apiKeyId } = await newKey();
    const { orderNumber } = await putOrder(key);
    const first = await call(linksRoute.POST, { key, body: { ttlDays: 5 }, params: { orderNumber }, headers: { 'idempotency-key': 'link-old' } });
    expect(first.status).toBe(201);
    await db
      .update(idempotencyKeys)
      .set({ createdAt: new Date(Date.now() - 25 * 3600_000) })
      .where(and(eq(idempotencyKeys.apiKeyId, apiKeyId), eq(idempotencyKeys.key, 'link-old')));
    const fresh = await call(linksRoute.POST, { key, body: { ttlDays: 5 }, params: { orderNumber }, headers: { 'idempotency-key': 'link-old' } });
    expect(fresh.status).toBe(201);
    expect(fresh.headers.get('idempotent-replayed')).toBeNull();
    expect(fresh.json.url).not.toBe(first.json.url);

    await db.insert(idempotencyKeys).values({ apiKeyId, key: 'ancient', method: 'POST', path: '/x', requestHash: 'h', createdAt: new Date(Date.now() - 30 * 3600_000) });
    expect(await purgeExpiredIdempotencyKeys(db)).toBeGreaterThanOrEqual(1);
    const left = await db.select({ key: idempotencyKeys.key }).from(idempotencyKeys).where(eq(idempotencyKeys.apiKeyId, apiKeyId));
    expect(left.map((r) => r.key)).toEqual(['link-old']);
  });
});

describe('merchant API: links, variants, returns', () => {
  it('POST tracking-links → 201 {url, expiresAt}, stored hashed', async () => {
    const db = testDb();
    const { key } = await newKey(['orders:write', 'links:write']);
    const { orderNumber } = await putOrder(key);
    const res = await call(linksRoute.POST, { key, body: { ttlDays: 30 }, params: { orderNumber } });
    expect(res.status).toBe(201);
    const token = res.json.url.split('/t/')[1];
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(Date.parse(res.json.expiresAt) - Date.now()).toBeGreaterThan(29 * 86_400_000);
    const noBody = await call(linksRoute.POST, { key, params: { orderNumber } });
    expect(noBody.status).toBe(201);
    const [order] = await db.select({ id: orders.id }).from(orders).where(eq(orders.orderNumber, orderNumber));
    const links = await db.select().from(trackingLinks).where(eq(trackingLinks.orderId, order!.id));
    expect(links).toHaveLength(2);
    expect(links.map((l) => l.tokenHash)).not.toContain(token);
  });

  it('DELETE tracking-links → 204 with no body; every link of the order stops working, other orders keep theirs; 404 for an unknown order', async () => {
    const db = testDb();
    const { key } = await newKey(['orders:write', 'links:write']);
    const { orderNumber } = await putOrder(key);
    const other = await putOrder(key);
    const first = await call(linksRoute.POST, { key, params: { orderNumber } });
    const second = await call(linksRoute.POST, { key, params: { orderNumber } });
    const theirs = await call(linksRoute.POST, { key, params: { orderNumber: other.orderNumber } });
    const tokenOf = (res: { json: { url: string } }) => res.json.url.split('/t/')[1]!;
    expect(await findRedeemableLink(db, tokenOf(first))).not.toBeNull();

    const res = await call(linksRoute.DELETE, { key, method: 'DELETE', params: { orderNumber } });
    expect(res.status).toBe(204);
    expect(res.json).toBeNull();
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(await findRedeemableLink(db, tokenOf(first))).toBeNull();
    expect(await findRedeemableLink(db, tokenOf(second))).toBeNull();
    expect(await findRedeemableLink(db, tokenOf(theirs))).not.toBeNull();
    const [order] = await db.select({ id: orders.id }).from(orders).where(eq(orders.orderNumber, orderNumber));
    const audit = await db.select().from(caseEvents).where(and(eq(caseEvents.orderId, order!.id), eq(caseEvents.type, 'tracking_links.revoked')));
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actorType: 'merchant_api', data: { count: 2 } });

    // Again: nothing left to revoke, still 204.
    expect((await call(linksRoute.DELETE, { key, method: 'DELETE', params: { orderNumber } })).status).toBe(204);
    const unknown = await call(linksRoute.DELETE, { key, method: 'DELETE', params: { orderNumber: newOrderNumber() } });
    expect(unknown.status).toBe(404);
    expect(unknown.json).toEqual({ error: { code: 'not_found', message: expect.any(String) } });
    const { key: readOnly } = await newKey(['orders:read']);
    const forbidden = await call(linksRoute.DELETE, { key: readOnly, method: 'DELETE', params: { orderNumber: other.orderNumber } });
    expect(forbidden.status).toBe(403);
    expect(forbidden.json.error.code).toBe('forbidden');
    expect(await findRedeemableLink(db, tokenOf(theirs))).not.toBeNull();
  });

  it('PUT variants creates (201) then replaces (200)', async () => {
    const { key } = await newKey(['catalog:write']);
    const sku = `VAR-${newOrderNumber()}`;
    const body = { productKey: 'merino-sweater', title: 'Merino Sweater', options: { size: 'L' }, price: 5990, stock: 4 };
    const created = await call(variantRoute.PUT, { key, method: 'PUT', body, params: { sku } });
    expect(created.status).toBe(201);
    const replaced = await call(variantRoute.PUT, { key, method: 'PUT', body: { ...body, stock: 0 }, params: { sku } });
    expect(replaced.status).toBe(200);
    const [row] = await testDb().select().from(variants).where(eq(variants.sku, sku));
    expect(row).toMatchObject({ stock: 0, productKey: 'merino-sweater' });
    const negative = await call(variantRoute.PUT, { key, method: 'PUT', body: { ...body, stock: -1 }, params: { sku } });
    expect(negative.status).toBe(422);
  });

  it('GET returns pages with a cursor and filters; GET /returns/{rma} 404 then 200', async () => {
    const db = testDb();
    const { key } = await newKey(['orders:write', 'returns:read']);
    const { orderNumber } = await putOrder(key);
    const [order] = await db.select({ id: orders.id }).from(orders).where(eq(orders.orderNumber, orderNumber));
    const since = new Date(Date.now() - 1000).toISOString();
    const rmas = [`R-T${newOrderNumber()}`, `R-T${newOrderNumber()}`, `R-T${newOrderNumber()}`];
    for (const rma of rmas) await db.insert(returns).values({ rmaNumber: rma, orderId: order!.id, method: 'drop_off', currency: 'EUR', status: 'requested' });

    const seen: string[] = [];
    let cursor: string | undefined;
    for (let page = 0; page < 50; page++) {
      const query = new URLSearchParams({ updatedSince: since, status: 'requested', limit: '2', ...(cursor ? { cursor } : {}) });
      const res = await call(returnsRoute.GET, { key, path: `/api/v1/returns?${query}` });
      expect(res.status).toBe(200);
      seen.push(...res.json.data.map((r: { rma: string }) => r.rma));
      cursor = res.json.nextCursor ?? undefined;
      if (!cursor) break;
    }
    expect(seen).toEqual(expect.arrayContaining(rmas));
    expect(new Set(seen).size).toBe(seen.length);

    const bad = await call(returnsRoute.GET, { key, path: '/api/v1/returns?limit=1000' });
    expect(bad.status).toBe(422);
    expect(bad.json.error.details.fields.limit).toBeDefined();
    expect((await call(returnRoute.GET, { key, params: { rma: 'R-NOPE' } })).status).toBe(404);
    const one = await call(returnRoute.GET, { key, params: { rma: rmas[0]! } });
    expect(one.status).toBe(200);
    expect(one.json).toMatchObject({ rma: rmas[0], orderNumber, status: 'requested', items: [] });
  });
});
