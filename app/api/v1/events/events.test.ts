import { and, desc, eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { domainEvents, orders, refunds, shipments, webhookDeliveries } from '@/db/schema';
import { encodeCursor, recordEvent } from '@/lib/core/events';
import { call, newKey, newOrderNumber, orderBody } from '@/test/api-client';
import { testDb } from '@/test/db';
import { createOrder } from '@/test/factories';
import { createRequestedReturn } from '@/test/staff2-factories';
import { createStaff } from '@/test/staff-factories';
import { approveReturn } from '@/lib/returns/staff/approve-return';
import { webhookData } from '@/lib/webhooks/build-body';
import { getCaseDetail } from '@/lib/cases/case-detail';
import { failRefund } from '@/lib/refunds/execute-refunds';
import { createWebhookEndpoint } from '@/lib/webhooks/create-webhook-endpoint';
import { webhookFanOut } from '@/lib/webhooks/subscribers';
import { runSubscriberFor } from '@/test/subscribers';
import * as orderRoute from '../orders/[orderNumber]/route';
import * as returnRoute from '../returns/[rma]/route';
import * as eventsRoute from './route';

const db = testDb();

/** The log's end now: pages after it hold only what happens next (the log is shared by every test file). */
async function endOfLog(): Promise<string> {
  const [last] = await db.select({ txId: domainEvents.txId, id: domainEvents.id }).from(domainEvents).orderBy(desc(domainEvents.txId), desc(domainEvents.id)).limit(1);
  return encodeCursor(last ?? { txId: 0, id: 0 });
}

/** Pages from `after` until `want` says it has what it waits for (other tests write events meanwhile). */
async function readUntil(key: string, query: { after: string; types?: string; limit?: number }, want: (events: Array<{ id: string; type: string; data: Record<string, unknown> }>) => boolean) {
  const seen: Array<{ id: string; type: string; timestamp: string; data: Record<string, unknown> }> = [];
  let after = query.after;
  const deadline = Date.now() + 20_000;
  while (!want(seen)) {
    const params = new URLSearchParams({ after, limit: String(query.limit ?? 100), ...(query.types ? { types: query.types } : {}) });
    const res = await call(eventsRoute.GET, { key, path: `/api/v1/events?${params}` });
    expect(res.status).toBe(200);
    seen.push(...res.json.data);
    expect(typeof res.json.hasMore).toBe('boolean');
    after = res.json.nextCursor;
    expect(after).toBeTruthy();
    if (Date.now() > deadline) throw new Error('events did not arrive');
    if (!res.json.hasMore) await new Promise((r) => setTimeout(r, 50));
  }
  return seen;
}

describe('GET /api/v1/events', () => {
  it('returns an order event with the same data as GET /orders/{n}, by event id, in commit order, page by page without repeats', async () => {
    const { key } = await newKey();
    const after = await endOfLog();
    const orderNumber = newOrderNumber();
    await call(orderRoute.PUT, { key, method: 'PUT', body: orderBody(), params: { orderNumber }, path: `/api/v1/orders/${orderNumber}` });
    await call(orderRoute.PUT, { key, method: 'PUT', body: orderBody({ customerName: 'Maija Uusi' }), params: { orderNumber }, path: `/api/v1/orders/${orderNumber}` });
    const ours = <E extends { data: Record<string, unknown> }>(events: E[]) => events.filter((e) => e.data.orderNumber === orderNumber);
    // One event per page: each page's cursor leads to the next, nothing twice.
    const seen = await readUntil(key, { after, types: 'order.upserted', limit: 1 }, (events) => ours(events).length >= 2);
    expect(new Set(seen.map((e) => e.id)).size).toBe(seen.length);
    expect(seen.every((e) => e.type === 'order.upserted')).toBe(true);
    const [first, second] = ours(seen);
    const [row] = await db.select({ id: orders.id }).from(orders).where(eq(orders.orderNumber, orderNumber));
    const stored = await db.select({ eventId: domainEvents.eventId, occurredAt: domainEvents.occurredAt }).from(domainEvents).where(and(eq(domainEvents.orderId, row!.id), eq(domainEvents.audience, 'public'))).orderBy(domainEvents.id);
    expect([first!.id, second!.id]).toEqual(stored.map((e) => e.eventId));
    expect(first!.timestamp).toBe(stored[0]!.occurredAt.toISOString());
    const current = await call(orderRoute.GET, { key, params: { orderNumber } });
    expect(second!.data).toEqual(current.json);
    expect(second!.data).toMatchObject({ customerName: 'Maija Uusi' });
  });

  it('return events carry the GET /returns/{rma} body; types filters', async () => {
    const { key } = await newKey();
    const agent = await createStaff(db);
    const after = await endOfLog();
    const r = await createRequestedReturn(db);
    await approveReturn({ db, actor: { type: 'staff', staffId: agent.id, role: 'agent' } }, { returnId: r.returnId });
    const seen = await readUntil(key, { after, types: 'return.approved,return.label_issued' }, (events) => events.filter((e) => e.data.rma === r.rma).length >= 2);
    expect(seen.every((e) => e.type === 'return.approved' || e.type === 'return.label_issued')).toBe(true);
    const mine = seen.filter((e) => e.data.rma === r.rma);
    expect(mine.map((e) => e.type)).toEqual(['return.approved', 'return.label_issued']);
    const current = await call(returnRoute.GET, { key, params: { rma: r.rma } });
    expect(mine[1]!.data).toEqual(current.json);
  });

  it('a failed refund writes one row: the timeline shows it with the provider message, the events API and the webhook without it', async () => {
    // refund.failed used to write an audit row (with the message) and a public row of the same name.
    const { key } = await newKey();
    const admin = await createStaff(db, { role: 'admin' });
    const endpoint = await createWebhookEndpoint({ db, actor: { type: 'staff', staffId: admin.id, role: 'admin' } }, { url: 'https://merchant.example.com/hooks', events: ['refund.failed'] });
    const after = await endOfLog();
    const r = await createRequestedReturn(db);
    const [refund] = await db.insert(refunds).values({ orderId: r.orderId, caseId: r.caseId, returnId: r.returnId, amount: 1250, currency: 'EUR', status: 'processing' }).returning();
    await db.transaction((tx) => failRefund(tx, refund!, { message: 'Issuer declined: card 4242 blocked', code: 'do_not_honor' }, new Date()));

    const rows = await db.select().from(domainEvents).where(and(eq(domainEvents.type, 'refund.failed'), sql`${domainEvents.data}->>'refundId' = ${refund!.id}`));
    expect(rows.map((row) => row.audience)).toEqual(['public']);
    expect(rows[0]!.data).toMatchObject({ message: 'Issuer declined: card 4242 blocked', code: 'do_not_honor' });

    const detail = await getCaseDetail({ db, actor: { type: 'staff', staffId: admin.id, role: 'admin' } }, r.caseId);
    const shown = detail.events.filter((event) => event.type === 'refund.failed');
    expect(shown).toHaveLength(1);
    expect(shown[0]!.data).toMatchObject({ message: 'Issuer declined: card 4242 blocked' });

    const published = { refundId: refund!.id, orderId: r.orderId, amount: 1250, currency: 'EUR', rail: refund!.rail, returnId: r.returnId, compensationId: null };
    const seen = await readUntil(key, { after, types: 'refund.failed' }, (events) => events.some((e) => e.data.refundId === refund!.id));
    const mine = seen.filter((e) => e.data.refundId === refund!.id);
    expect(mine).toHaveLength(1);
    expect(mine[0]!.id).toBe(rows[0]!.eventId);
    expect(mine[0]!.data).toEqual(published);

    await runSubscriberFor(db, webhookFanOut, r.orderId);
    const deliveries = await db.select({ body: webhookDeliveries.body }).from(webhookDeliveries).where(and(eq(webhookDeliveries.domainEventId, rows[0]!.id), eq(webhookDeliveries.endpointId, endpoint.id)));
    expect(deliveries).toHaveLength(1);
    const body = JSON.parse(deliveries[0]!.body) as { type: string; data: Record<string, unknown> };
    expect(body.type).toBe('refund.failed');
    expect(body.data).toEqual(published);
    expect(deliveries[0]!.body).not.toContain('4242');
  });

  it('a shipment event carries the parcel as GET /orders/{n} shows it plus the order number: the same data as its webhook', async () => {
    const { key } = await newKey();
    const order = await createOrder(db);
    const [parcel] = await db.select({ id: shipments.id }).from(shipments).where(eq(shipments.orderId, order.id)).limit(1);
    const after = await endOfLog();
    const eventId = await recordEvent(db, { type: 'shipment.delivered', actor: { type: 'system' }, data: { shipmentId: parcel!.id, orderId: order.id } });
    const seen = await readUntil(key, { after, types: 'shipment.delivered' }, (events) => events.some((e) => e.id === eventId));
    const mine = seen.find((e) => e.id === eventId)!;
    const current = await call(orderRoute.GET, { key, params: { orderNumber: order.orderNumber } });
    const shown = (current.json.shipments as Array<{ id: string }>).find((s) => s.id === parcel!.id);
    expect(mine.data).toEqual({ ...shown, orderNumber: order.orderNumber });
    const [row] = await db.select().from(domainEvents).where(eq(domainEvents.eventId, eventId));
    expect(mine.data).toEqual(JSON.parse(JSON.stringify(await webhookData(db, row!))));
  });

  it('events older than 30 days are not served (the row stays for the audit timeline)', async () => {
    const { key } = await newKey();
    const after = await endOfLog();
    const orderNumber = newOrderNumber();
    await call(orderRoute.PUT, { key, method: 'PUT', body: orderBody(), params: { orderNumber }, path: `/api/v1/orders/${orderNumber}` });
    const [row] = await db.select({ id: orders.id }).from(orders).where(eq(orders.orderNumber, orderNumber));
    const oldId = await recordEvent(db, { type: 'order.upserted', actor: { type: 'system' }, data: { orderId: row!.id, orderNumber, old: true } });
    await db.update(domainEvents).set({ occurredAt: sql`now() - interval '31 days'` }).where(eq(domainEvents.eventId, oldId));
    const marker = await recordEvent(db, { type: 'order.upserted', actor: { type: 'system' }, data: { orderId: row!.id, orderNumber, marker: true } });
    const seen = await readUntil(key, { after, types: 'order.upserted' }, (events) => events.some((e) => e.id === marker));
    expect(seen.some((e) => e.id === oldId)).toBe(false);
    expect((await db.select().from(domainEvents).where(eq(domainEvents.eventId, oldId))).length).toBe(1);
  });

  it('refuses an unknown type, a malformed cursor and a limit above 100 with 422 in the error shape; 403 without events:read', async () => {
    const { key } = await newKey();
    const badType = await call(eventsRoute.GET, { key, path: '/api/v1/events?types=return.approved,return.exploded' });
    expect(badType.status).toBe(422);
    expect(badType.json.error.code).toBe('invalid_input');
    expect(badType.json.error.details.fields.types[0]).toContain('return.exploded');
    const badCursor = await call(eventsRoute.GET, { key, path: '/api/v1/events?after=not-a-cursor' });
    expect(badCursor.status).toBe(422);
    expect(badCursor.json.error.details.fields.after).toBeDefined();
    expect((await call(eventsRoute.GET, { key, path: '/api/v1/events?limit=1000' })).status).toBe(422);
    const { key: narrow } = await newKey(['returns:read']);
    const forbidden = await call(eventsRoute.GET, { key: narrow, path: '/api/v1/events' });
    expect(forbidden.status).toBe(403);
    expect(forbidden.json.error.code).toBe('forbidden');
    expect((await call(eventsRoute.POST, { key, path: '/api/v1/events', body: {} })).status).toBe(405);
  });
});
