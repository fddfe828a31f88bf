import parsePrometheusTextFormat from 'parse-prometheus-text-format';
import { afterAll, describe, expect, it } from 'vitest';
import { outbox } from '@/db/schema';
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
