import { spawn, type ChildProcess } from 'node:child_process';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { e2eDatabaseUrl, expect, test } from '../fixtures';
import { LookupPage } from '../pages/lookup-page';

/**
 * Issue 19: traces with OpenTelemetry when OTEL_EXPORTER_OTLP_ENDPOINT is set. A web server and a worker of
 * the production build run on the e2e database and export to a local OTLP/HTTP receiver (what a collector
 * answers on /v1/traces). A customer looks an order up; the trace shows the request, Next.js's spans and the
 * database queries under it, continues the caller's traceparent, and the worker's jobs arrive as their own
 * spans. No span carries the customer's email, name or order number.
 */
type OtlpValue = { stringValue?: string; intValue?: string | number };
type OtlpSpan = { traceId: string; spanId: string; parentSpanId?: string; name: string; attributes?: { key: string; value: OtlpValue }[] };
type Received = { service: string; span: OtlpSpan }[];

function startReceiver(): Promise<{ url: string; spans: Received; bodies: string[]; close: () => void }> {
  const spans: Received = [];
  const bodies: string[] = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      if (req.method === 'POST' && req.url === '/v1/traces') {
        bodies.push(body);
        const message = JSON.parse(body) as { resourceSpans: { resource: { attributes: { key: string; value: OtlpValue }[] }; scopeSpans: { spans: OtlpSpan[] }[] }[] };
        for (const resource of message.resourceSpans) {
          const service = resource.resource.attributes.find((a) => a.key === 'service.name')?.value.stringValue ?? '';
          for (const scope of resource.scopeSpans) for (const span of scope.spans) spans.push({ service, span });
        }
      }
      res.writeHead(200, { 'Content-Type': 'application/json' }).end('{}');
    });
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, spans, bodies, close: () => server.close() })),
  );
}

function start(args: string[], env: Record<string, string>): { child: ChildProcess; listening: () => Promise<number> } {
  const child = spawn(process.execPath, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe', 'ipc'] });
  let output = '';
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  const listening = () => new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${args.at(-1)} did not start: ${output.slice(-2000)}`)), 90_000);
    child.on('message', (message: { type?: string; port?: number }) => {
      if (message.type !== 'listening') return;
      clearTimeout(timer);
      resolve(message.port!);
    });
  });
  return { child, listening };
}

const attribute = (span: OtlpSpan, key: string) => span.attributes?.find((a) => a.key === key)?.value;

test('[TRACES] a lookup is one trace: request, Next.js and database spans, the caller\'s traceparent continued; worker jobs traced; no personal data', async ({ browser, makeOrder }) => {
  test.slow();
  const receiver = await startReceiver();
  const env = {
    DATABASE_URL: e2eDatabaseUrl(),
    NODE_ENV: 'production',
    NEXT_TELEMETRY_DISABLED: '1',
    LOG_FILE: '',
    LOG_LEVEL: 'warn',
    OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
    OTEL_BSP_SCHEDULE_DELAY: '200',
  };
  const web = start(['scripts/server.mjs'], { ...env, PORT: '0', PAGE_CACHE_ORDERS: '0' });
  const worker = start(['--import', 'tsx', 'scripts/worker.mjs'], env);
  try {
    const port = await web.listening();
    const order = await makeOrder('en');
    // The caller (a load balancer, another service) started the trace: the server continues it.
    const traceId = [...crypto.getRandomValues(new Uint8Array(16))].map((b) => b.toString(16).padStart(2, '0')).join('');
    const context = await browser.newContext({ baseURL: `http://127.0.0.1:${port}`, extraHTTPHeaders: { traceparent: `00-${traceId}-00f067aa0ba902b7-01` } });
    const page = await context.newPage();
    const lookup = new LookupPage(page, 'en');
    await lookup.goto();
    await lookup.lookUp(order.orderNumber, order.email);
    // A fresh server renders its first pages cold.
    await expect(page.getByRole('heading', { level: 1 })).toContainText(order.orderNumber, { timeout: 30_000 });
    await context.close();

    // The request spans of our trace, each with database spans beneath it.
    await expect.poll(() => receiver.spans.filter(({ span }) => span.traceId === traceId && span.name.startsWith('db ')).length, { timeout: 20_000 }).toBeGreaterThan(0);
    const ours = receiver.spans.filter(({ span }) => span.traceId === traceId).map(({ span, service }) => ({ ...span, service }));
    const requests = ours.filter((span) => attribute(span, 'paluu.route_group'));
    expect(requests.map((span) => span.name)).toContain('GET customer');
    expect(requests.every((span) => span.parentSpanId === '00f067aa0ba902b7' && span.service === 'paluu-web')).toBe(true);
    const byId = new Map(ours.map((span) => [span.spanId, span]));
    const rootOf = (span: OtlpSpan): OtlpSpan => (span.parentSpanId && byId.has(span.parentSpanId) ? rootOf(byId.get(span.parentSpanId)!) : span);
    const queries = ours.filter((span) => span.name.startsWith('db '));
    for (const query of queries) expect(requests).toContainEqual(rootOf(query));
    expect(queries.some((span) => /"orders"/.test(String(attribute(span, 'db.query.text')?.stringValue)))).toBe(true);
    // Next.js's own spans (rendering the route) sit in the same trace.
    expect(ours.some((span) => !attribute(span, 'paluu.route_group') && !span.name.startsWith('db '))).toBe(true);

    // The worker: its job passes (event subscribers, outbox, webhooks) are spans of the worker's service.
    await expect.poll(() => receiver.spans.filter(({ service, span }) => service === 'paluu-worker' && span.name.startsWith('job ')).length, { timeout: 30_000 }).toBeGreaterThan(0);

    // Nothing that identifies the customer left the process.
    const everything = receiver.bodies.join('\n');
    const carrying = (value: string) => receiver.spans.filter(({ span }) => JSON.stringify(span).includes(value)).map(({ span }) => JSON.stringify([span.name, span.attributes]));
    expect(everything.includes(order.email) ? carrying(order.email) : []).toEqual([]);
    expect(everything.includes(order.customerName) ? carrying(order.customerName) : []).toEqual([]);
    expect(everything.includes(order.orderNumber) ? carrying(order.orderNumber) : []).toEqual([]);
    expect(everything).not.toContain(order.email);
  } finally {
    web.child.kill('SIGTERM');
    worker.child.kill('SIGTERM');
    receiver.close();
  }
});
