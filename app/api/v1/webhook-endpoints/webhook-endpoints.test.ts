import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { caseEvents, webhookDeliveries, webhookEndpoints } from '@/db/schema';
import { PUBLIC_EVENT_TYPES } from '@/lib/core/events/catalog';
import { openWebhookSecret } from '@/lib/webhooks/signature';
import { call, newKey } from '@/test/api-client';
import { testDb } from '@/test/db';
import { GET as openApi } from '../openapi.json/route';
import * as one from './[id]/route';
import * as rotate from './[id]/rotate-secret/route';
import * as sendTest from './[id]/test/route';
import * as list from './route';

const db = testDb();
const path = '/api/v1/webhook-endpoints';

async function create(key: string, body: unknown, headers: Record<string, string> = {}) {
  return call(list.POST, { key, body, headers, path });
}

describe('merchant API: webhook endpoints', () => {
  it('POST creates an endpoint (201) and shows its whsec_ secret once; GET never shows it', async () => {
    const { key } = await newKey(['webhooks:write']);
    const res = await create(key, { url: 'https://erp.example.com/paluu', events: ['return.approved', 'refund.requested', 'return.approved'], description: 'ERP' });
    expect(res.status).toBe(201);
    expect(res.json).toEqual({ id: expect.any(String), url: 'https://erp.example.com/paluu', events: ['refund.requested', 'return.approved'], description: 'ERP', secret: expect.stringMatching(/^whsec_[A-Za-z0-9+/]{43}=$/) });
    const [row] = await db.select().from(webhookEndpoints).where(eq(webhookEndpoints.id, res.json.id));
    expect(row!.secretSealed).not.toContain(res.json.secret.slice(6));
    expect(await openWebhookSecret(db, row!.secretSealed)).toBe(res.json.secret);
    const audit = await db.select().from(caseEvents).where(and(eq(caseEvents.type, 'webhook_endpoint.created'), eq(caseEvents.actorType, 'merchant_api')));
    expect(audit.some((e) => (e.data as { endpointId?: string }).endpointId === res.json.id)).toBe(true);

    const got = await call(one.GET, { key, params: { id: res.json.id }, path: `${path}/${res.json.id}` });
    expect(got.status).toBe(200);
    expect(got.json).toMatchObject({ id: res.json.id, enabled: true, disabledAt: null, failingSince: null });
    expect(JSON.stringify(got.json)).not.toContain('whsec_');
    const all = await call(list.GET, { key, path });
    expect(all.json.data.map((e: { id: string }) => e.id)).toEqual([res.json.id]);
    expect(JSON.stringify(all.json)).not.toContain('whsec_');
  });

  it('refuses private and non-https URLs and unknown events with 422 and English field messages, storing nothing', async () => {
    const { key } = await newKey(['webhooks:write']);
    for (const [url, text] of [
      ['http://erp.example.com/x', 'must start with https://'],
      ['https://127.0.0.1/x', 'private network'],
      ['https://10.0.0.8/x', 'private network'],
      ['https://[::1]/x', 'private network'],
      ['https://localhost/x', 'private network'],
    ]) {
      const res = await create(key, { url, events: ['order.upserted'] });
      expect(res.status, url).toBe(422);
      expect(res.json.error.code).toBe('invalid_input');
      expect(res.json.error.details.fields.url[0], url).toContain(text);
    }
    const unknown = await create(key, { url: 'https://erp.example.com/x', events: ['order.deleted'] });
    expect(unknown.status).toBe(422);
    expect(unknown.json.error.details.fields['events.0']).toEqual(['Choose events from the list.']);
    const none = await create(key, { url: 'https://erp.example.com/x', events: [] });
    expect(none.json.error.details.fields.events).toEqual(['Choose at least one event.']);
    const extra = await create(key, { url: 'https://erp.example.com/x', events: ['order.upserted'], secret: 'whsec_mine' });
    expect(extra.status).toBe(422);
    expect((await call(list.GET, { key, path })).json.data).toEqual([]);
  });

  it('needs the webhooks:write scope (403) and answers another key’s ids and malformed ids with 404', async () => {
    const owner = await newKey(['webhooks:write']);
    const other = await newKey(['webhooks:write']);
    const noScope = await newKey(['orders:read']);
    expect((await create(noScope.key, { url: 'https://erp.example.com/x', events: ['order.upserted'] })).status).toBe(403);
    const { json } = await create(owner.key, { url: 'https://erp.example.com/x', events: ['order.upserted'] });
    for (const id of [json.id, 'not-a-uuid', '00000000-0000-4000-8000-000000000000']) {
      const params = { id };
      expect((await call(one.GET, { key: other.key, params })).status, id).toBe(404);
      expect((await call(one.PATCH, { key: other.key, params, method: 'PATCH', body: { enabled: false } })).status).toBe(404);
      expect((await call(one.DELETE, { key: other.key, params, method: 'DELETE' })).status).toBe(404);
      expect((await call(rotate.POST, { key: other.key, params, method: 'POST' })).status).toBe(404);
      expect((await call(sendTest.POST, { key: other.key, params, method: 'POST' })).status).toBe(404);
    }
    expect((await call(list.GET, { key: other.key, path })).json.data).toEqual([]);
    const [row] = await db.select().from(webhookEndpoints).where(eq(webhookEndpoints.id, json.id));
    expect(row!.enabled).toBe(true);
    expect(row!.previousSecretSealed).toBeNull();
  });

  it('PATCH changes and disables, rotate-secret returns a new secret with a 24 h overlap, test queues webhook.test, DELETE removes', async () => {
    const { key } = await newKey(['webhooks:write']);
    const { json: created } = await create(key, { url: 'https://erp.example.com/x', events: ['order.upserted'] });
    const params = { id: created.id };
    const patched = await call(one.PATCH, { key, params, method: 'PATCH', body: { events: ['case.opened'], description: 'Desk' } });
    expect(patched.status).toBe(200);
    expect(patched.json).toMatchObject({ events: ['case.opened'], description: 'Desk', enabled: true });
    const badPatch = await call(one.PATCH, { key, params, method: 'PATCH', body: { url: 'https://192.168.0.2/' } });
    expect(badPatch.status).toBe(422);

    const rotated = await call(rotate.POST, { key, params, method: 'POST' });
    expect(rotated.status).toBe(200);
    expect(rotated.json.secret).toMatch(/^whsec_/);
    expect(rotated.json.secret).not.toBe(created.secret);
    const overlap = new Date(rotated.json.previousSecretExpiresAt).getTime() - Date.now();
    expect(overlap).toBeGreaterThan(23.9 * 3600_000);
    expect(overlap).toBeLessThanOrEqual(24 * 3600_000);

    const test = await call(sendTest.POST, { key, params, method: 'POST' });
    expect(test.status).toBe(202);
    expect(test.json).toMatchObject({ type: 'webhook.test', deliveryId: expect.any(String) });
    const [delivery] = await db.select().from(webhookDeliveries).where(eq(webhookDeliveries.id, test.json.deliveryId));
    expect(JSON.parse(delivery!.body)).toMatchObject({ type: 'webhook.test', data: { endpointId: created.id } });

    const disabled = await call(one.PATCH, { key, params, method: 'PATCH', body: { enabled: false } });
    expect(disabled.json).toMatchObject({ enabled: false, disabledReason: 'manual' });
    expect((await call(sendTest.POST, { key, params, method: 'POST' })).status).toBe(422);

    // Idempotency-Key on POST: the same create twice is one endpoint (and one secret).
    const idem = { 'idempotency-key': `wh-${created.id}` };
    const first = await create(key, { url: 'https://erp.example.com/y', events: ['order.upserted'] }, idem);
    const again = await create(key, { url: 'https://erp.example.com/y', events: ['order.upserted'] }, idem);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(again.json).toEqual(first.json);

    const deleted = await call(one.DELETE, { key, params, method: 'DELETE' });
    expect(deleted.status).toBe(204);
    expect((await call(one.GET, { key, params })).status).toBe(404);
    expect(await db.select().from(webhookDeliveries).where(eq(webhookDeliveries.endpointId, created.id))).toEqual([]);
  });

  it('the OpenAPI document lists exactly the public event types under `webhooks`, with the DTO as `data`', async () => {
    const doc = await openApi().json();
    expect(Object.keys(doc.webhooks).sort()).toEqual([...PUBLIC_EVENT_TYPES].sort());
    const body = doc.webhooks['return.approved'].post.requestBody.content['application/json'].schema;
    expect(body.required).toEqual(['type', 'timestamp', 'data']);
    expect(body.properties.type.const).toBe('return.approved');
    expect(body.properties.data.$ref).toBe('#/components/schemas/Return');
    expect(doc.webhooks['order.upserted'].post.requestBody.content['application/json'].schema.properties.data.$ref).toBe('#/components/schemas/Order');
    expect(doc.webhooks['refund.requested'].post.requestBody.content['application/json'].schema.properties.data.required).toEqual(expect.arrayContaining(['refundId', 'orderId', 'amount', 'currency']));
    expect(doc.paths[path].post['x-required-scope']).toBe('webhooks:write');
  });
});
