import parsePrometheusTextFormat from 'parse-prometheus-text-format';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { sql } from 'drizzle-orm';
import PgBoss from 'pg-boss';
import { outbox, refundAttempts, refunds, webhookDeliveries, webhookEndpoints } from '@/db/schema';
import { DELAYS_QUEUE } from '@/lib/delays/worker-jobs';
import { createDeliveryCase } from '@/test/staff2-factories';
import { call } from '@/test/api-client';
import { testDb, uniqueId } from '@/test/db';
import { GET } from '@/app/api/metrics/route';
import { routeGroup } from '@/scripts/lib/http-metrics.mjs';

type Family = { name: string; type: string; metrics: { value?: string; labels?: Record<string, string> }[] };

function scrape(text: string) {
  const families = parsePrometheusTextFormat(text) as Family[];
  const value = (name: string, labels: Record<string, string> = {}) => {
    const family = families.find((f) => f.name === name);
    const sample = family?.metrics.find((m) => Object.entries(labels).every(([k, v]) => m.labels?.[k] === v));
    return sample?.value === undefined ? undefined : Number(sample.value);
  };
  return { families, value };
}

const TOKEN = 'metrics-test-token';

describe('GET /api/metrics', () => {
  const previous = process.env.METRICS_TOKEN;
  afterAll(() => {
    if (previous === undefined) delete process.env.METRICS_TOKEN;
    else process.env.METRICS_TOKEN = previous;
  });

  it('is off without METRICS_TOKEN and refuses a missing or wrong token', async () => {
    delete process.env.METRICS_TOKEN;
    const off = await call(GET, { path: '/api/metrics', headers: { authorization: `Bearer ${TOKEN}` } });
    expect(off.status).toBe(404);
    expect(off.json.error.message).toMatch(/METRICS_TOKEN/);

    process.env.METRICS_TOKEN = TOKEN;
    expect((await call(GET, { path: '/api/metrics' })).status).toBe(401);
    const wrong = await call(GET, { path: '/api/metrics', headers: { authorization: 'Bearer not-the-token' } });
    expect(wrong.status).toBe(401);
    expect(wrong.headers.get('www-authenticate')).toMatch(/Bearer/);
  });

  it('exposes the outbox backlog as the database holds it, in a format a Prometheus parser reads', async () => {
    process.env.METRICS_TOKEN = TOKEN;
    const db = testDb();
    const read = async () => {
      const response = await fetchMetrics();
      return scrape(response);
    };
    const before = await read();
    const pendingBefore = before.value('paluu_outbox_messages', { status: 'pending' }) ?? 0;
    const failedBefore = before.value('paluu_outbox_messages', { status: 'failed' }) ?? 0;

    const tag = uniqueId();
    const payload = { to: 'metrics@example.test', subject: 's', html: '<p>x</p>', text: 'x' };
    await db.insert(outbox).values([
      { kind: 'email.test', dedupeKey: `${tag}-1`, recipient: payload.to, subject: 's', payload, status: 'pending', createdAt: new Date(Date.now() - 3_600_000) },
      { kind: 'email.test', dedupeKey: `${tag}-2`, recipient: payload.to, subject: 's', payload, status: 'pending' },
      { kind: 'email.test', dedupeKey: `${tag}-3`, recipient: payload.to, subject: 's', payload, status: 'failed' },
    ]);

    const after = await read();
    // Other test files share the database, so compare against at-least deltas.
    expect(after.value('paluu_outbox_messages', { status: 'pending' })).toBeGreaterThanOrEqual(pendingBefore + 2);
    expect(after.value('paluu_outbox_messages', { status: 'failed' })).toBeGreaterThanOrEqual(failedBefore + 1);
    expect(after.value('paluu_outbox_oldest_age_seconds', { status: 'pending' })).toBeGreaterThanOrEqual(3_599);
    for (const name of ['paluu_inbox_backlog', 'paluu_inbox_oldest_age_seconds', 'paluu_cases_open', 'paluu_cases_sla_breached', 'paluu_metrics_scrape_duration_seconds']) {
      expect(after.value(name), name).toBeTypeOf('number');
    }
    expect(after.families.some((f) => f.name === 'paluu_web_process_resident_memory_bytes')).toBe(true);
    expect(after.families.find((f) => f.name === 'paluu_db_connections')?.metrics.length).toBeGreaterThan(0);
  });

  it('exposes merchant webhook backlog and failures, refund failures and the delay sweep duration (issue #19)', async () => {
    process.env.METRICS_TOKEN = TOKEN;
    const db = testDb();
    const before = scrape(await fetchMetrics());
    const num = (s: ReturnType<typeof scrape>, name: string, labels: Record<string, string> = {}) => s.value(name, labels) ?? 0;

    // Merchant webhooks: one endpoint failing since yesterday, two pending deliveries (one retrying, an hour old), one failed.
    const tag = uniqueId('mx');
    const [endpoint] = await db
      .insert(webhookEndpoints)
      .values({ url: 'https://hooks.example.test/paluu', events: ['order.upserted'], secretSealed: 'sealed', failingSince: new Date(Date.now() - 86_400_000) })
      .returning();
    const delivery = (n: number, extra: Partial<typeof webhookDeliveries.$inferInsert>) => ({ endpointId: endpoint!.id, webhookId: `${tag}-${n}`, eventType: 'order.upserted', body: '{}', ...extra });
    await db.insert(webhookDeliveries).values([
      delivery(1, { status: 'pending', attempts: 3, createdAt: new Date(Date.now() - 7_200_000) }),
      delivery(2, { status: 'pending' }),
      delivery(3, { status: 'failed', attempts: 9 }),
    ]);

    // Refunds: one failed refund whose rail attempt failed, one whose attempt timed out.
    const { orderId } = await createDeliveryCase(db, { captured: 10_000 });
    const [failed] = await db.insert(refunds).values({ orderId, amount: 1_000, currency: 'EUR', status: 'failed', attempts: 1 }).returning();
    await db.insert(refundAttempts).values([
      { refundId: failed!.id, attemptNo: 1, rail: 'demo', outcome: 'failed', finishedAt: new Date() },
      { refundId: failed!.id, attemptNo: 2, rail: 'demo', outcome: 'timeout', finishedAt: new Date() },
    ]);

    // The delay cycle: a job of the worker's queue run to completion by pg-boss itself, then dated to 42 s long.
    const boss = new PgBoss({ connectionString: inject('databaseUrl'), max: 2, supervise: false, schedule: false });
    boss.on('error', () => {});
    await boss.start();
    try {
      await boss.createQueue(DELAYS_QUEUE);
      await boss.send(DELAYS_QUEUE, {});
      const [job] = await boss.fetch(DELAYS_QUEUE);
      await boss.complete(DELAYS_QUEUE, job!.id);
      await db.execute(sql`update pgboss.job set started_on = completed_on - interval '42 seconds' where id = ${job!.id}`);
    } finally {
      await boss.stop({ graceful: false, wait: true });
    }

    const after = scrape(await fetchMetrics());
    expect(num(after, 'paluu_webhook_deliveries', { status: 'pending' })).toBeGreaterThanOrEqual(num(before, 'paluu_webhook_deliveries', { status: 'pending' }) + 2);
    expect(num(after, 'paluu_webhook_deliveries', { status: 'failed' })).toBeGreaterThanOrEqual(num(before, 'paluu_webhook_deliveries', { status: 'failed' }) + 1);
    expect(num(after, 'paluu_webhook_deliveries_retrying')).toBeGreaterThanOrEqual(num(before, 'paluu_webhook_deliveries_retrying') + 1);
    expect(after.value('paluu_webhook_deliveries_oldest_age_seconds')).toBeGreaterThanOrEqual(7_199);
    expect(num(after, 'paluu_webhook_endpoints_failing')).toBeGreaterThanOrEqual(num(before, 'paluu_webhook_endpoints_failing') + 1);
    expect(num(after, 'paluu_refunds', { status: 'failed' })).toBeGreaterThanOrEqual(num(before, 'paluu_refunds', { status: 'failed' }) + 1);
    expect(num(after, 'paluu_refund_attempts_failed_24h', { outcome: 'failed' })).toBeGreaterThanOrEqual(num(before, 'paluu_refund_attempts_failed_24h', { outcome: 'failed' }) + 1);
    expect(num(after, 'paluu_refund_attempts_failed_24h', { outcome: 'timeout' })).toBeGreaterThanOrEqual(num(before, 'paluu_refund_attempts_failed_24h', { outcome: 'timeout' }) + 1);
    expect(after.value('paluu_delay_sweep_duration_seconds')).toBeCloseTo(42, 0);
    expect(after.value('paluu_delay_sweep_last_run_age_seconds')).toBeLessThan(60);
  });

  async function fetchMetrics() {
    const request = new Request('http://localhost/api/metrics', { headers: { authorization: `Bearer ${TOKEN}` } });
    const response = await GET(request);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    return response.text();
  }
});

describe('route groups for request metrics', () => {
  it('never turns an order number or token into a label', () => {
    expect(routeGroup('/fi/orders/KK-204131')).toBe('customer');
    expect(routeGroup('/t/abc123secret')).toBe('tracking_link');
    expect(routeGroup('/api/v1/orders/KK-1')).toBe('merchant_api');
    expect(routeGroup('/api/webhooks/carriers/bring')).toBe('carrier_webhooks');
    expect(routeGroup('/staff/cases/3f1e')).toBe('staff');
    expect(routeGroup('/api/health/ready')).toBe('health');
    expect(routeGroup('/whatever')).toBe('other');
  });

  it('keeps the staff desk’s minutes-long live streams out of the staff page latencies', () => {
    expect(routeGroup('/staff/api/live')).toBe('staff_live');
    expect(routeGroup('/staff/api/queue')).toBe('staff');
  });
});
