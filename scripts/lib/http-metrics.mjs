// Request count and latency per route group, recorded by scripts/server.mjs for every response, and the
// web server's process metrics (CPU, memory, event-loop lag, GC). /api/metrics (lib/ops/metrics.ts) reads them
// through globalThis.paluuProcessMetrics: this process's own, or, when npm start runs several web servers
// (WEB_CONCURRENCY, a node:cluster), every sibling's summed by the primary (scripts/lib/cluster-metrics.mjs),
// so a scrape that lands on any one of them sees the whole server.
import cluster from 'node:cluster';
import { randomUUID } from 'node:crypto';
import client from 'prom-client';
import { COLLECT, GATHER, GATHERED, PART } from './cluster-metrics.mjs';

const registry = new client.Registry();
client.collectDefaultMetrics({ register: registry, prefix: 'paluu_web_' });
const requests = new client.Counter({
  name: 'paluu_http_requests_total',
  help: 'HTTP requests answered, by route group, method and status class.',
  labelNames: ['group', 'method', 'status'],
  registers: [registry],
});
const duration = new client.Histogram({
  name: 'paluu_http_request_duration_seconds',
  help: 'Time from request to the end of the response, by route group.',
  labelNames: ['group'],
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
  registers: [registry],
});

/** This server's metrics as Prometheus text; in a cluster, the sum over every web server of the cluster. */
async function processMetrics() {
  if (!cluster.isWorker || !process.send) return registry.metrics();
  const id = randomUUID();
  const answer = new Promise((resolve) => {
    const timer = setTimeout(() => done(null), 3000);
    function done(text) {
      clearTimeout(timer);
      process.off('message', onMessage);
      resolve(text);
    }
    function onMessage(message) {
      if (message?.type === GATHERED && message.id === id) done(message.text);
    }
    process.on('message', onMessage);
  });
  process.send({ type: GATHER, id });
  // The primary did not answer (it is shutting down): this server's own figures rather than none.
  return (await answer) ?? registry.metrics();
}
globalThis.paluuProcessMetrics = processMetrics;

// In a cluster the primary asks every web server for its figures (as JSON, which prom-client can sum).
if (cluster.isWorker) {
  process.on('message', (message) => {
    if (message?.type !== COLLECT) return;
    registry.getMetricsAsJSON().then(
      (metrics) => process.send?.({ type: PART, id: message.id, metrics }),
      () => process.send?.({ type: PART, id: message.id, metrics: [] }),
    );
  });
}

const LOCALE = /^\/(fi|sv|en|da|nb)(\/|$)/;

/** A small, fixed set of labels: personal values in paths (order numbers, tokens) never become labels. */
export function routeGroup(pathname) {
  if (pathname.startsWith('/api/v1/')) return 'merchant_api';
  if (pathname.startsWith('/api/webhooks/')) return 'carrier_webhooks';
  if (pathname.startsWith('/api/integrations/')) return 'platform_webhooks';
  if (pathname.startsWith('/api/health') || pathname === '/api/metrics') return 'health';
  if (pathname.startsWith('/api/')) return 'api_other';
  if (pathname.startsWith('/_next/')) return 'static';
  // The desk's live streams stay open for minutes: their own group, so they do not skew the staff latencies.
  if (pathname === '/staff/api/live') return 'staff_live';
  if (pathname.startsWith('/staff')) return 'staff';
  if (pathname.startsWith('/t/')) return 'tracking_link';
  if (LOCALE.test(pathname)) return 'customer';
  return 'other';
}

const METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);

/**
 * Call at the start of a request; records when the response finishes (or the client goes away), then hands
 * the same figures to `onDone` (the server's log line), so both read one clock and one route group.
 */
export function observeRequest(req, res, onDone = () => {}) {
  const started = process.hrtime.bigint();
  const group = routeGroup((req.url ?? '/').split('?')[0]);
  const method = METHODS.has(req.method) ? req.method : 'OTHER';
  res.once('close', () => {
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    requests.inc({ group, method, status: `${Math.floor(res.statusCode / 100)}xx` });
    duration.observe({ group }, seconds);
    onDone({ group, method, status: res.statusCode, seconds, aborted: !res.writableFinished });
  });
}
