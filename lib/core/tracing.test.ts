import { context, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { InMemorySpanExporter, SimpleSpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace';
import { eq } from 'drizzle-orm';
import { inject } from 'vitest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb, type Db } from '@/db';
import { orders } from '@/db/schema';
import { createOrder } from '@/test/factories';
import { scrubSpan } from '@/scripts/lib/tracing.mjs';
import { traceJob } from '@/scripts/lib/tracing.mjs';
import { tracingEnabled } from './tracing';

/** Issue 19: traces. A real provider with an in-memory exporter, and a pool built as the app builds it with tracing on. */
const exporter = new InMemorySpanExporter();
const provider = new TracerProvider({ spanProcessors: [new SimpleSpanProcessor({ exporter })] });
let db: Db;

beforeAll(() => {
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  trace.setGlobalTracerProvider(provider);
  db = createDb(inject('databaseUrl'), { max: 2 });
});
afterAll(async () => {
  await db.$end();
  trace.disable();
  context.disable();
});

describe('tracing', () => {
  it('is on only when an OTLP endpoint is configured', () => {
    expect(tracingEnabled({})).toBe(false);
    expect(tracingEnabled({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' })).toBe(true);
    expect(tracingEnabled({ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://collector:4318/v1/traces' })).toBe(true);
    expect(tracingEnabled({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318', OTEL_SDK_DISABLED: 'true' })).toBe(false);
  });

  it('makes every query a child span of the active span, in and out of transactions, without the parameter values', async () => {
    const previous = process.env.OTEL_EXPORTER_OTLP_ENDPOINT;
    process.env.OTEL_EXPORTER_OTLP_ENDPOINT = 'http://127.0.0.1:1';
    const traced = createDb(inject('databaseUrl'), { max: 2 });
    if (previous === undefined) delete process.env.OTEL_EXPORTER_OTLP_ENDPOINT;
    else process.env.OTEL_EXPORTER_OTLP_ENDPOINT = previous;
    const order = await createOrder(db);
    exporter.reset();
    try {
      await trace.getTracer('test').startActiveSpan('GET customer', async (root) => {
        const found = await traced.select({ id: orders.id }).from(orders).where(eq(orders.email, order.email));
        expect(found).toEqual([{ id: order.id }]);
        await traced.transaction(async (tx) => {
          await tx.update(orders).set({ customerName: order.customerName }).where(eq(orders.id, order.id));
          await tx.transaction(async (inner) => {
            await inner.select({ id: orders.id }).from(orders).where(eq(orders.id, order.id));
          });
        });
        await expect(traced.execute('select 1/0' as never)).rejects.toThrow();
        root.end();
      });
    } finally {
      await traced.$end();
    }
    await provider.forceFlush();
    const spans = exporter.getFinishedSpans();
    const root = spans.find((span) => span.name === 'GET customer')!;
    const queries = spans.filter((span) => span.name.startsWith('db '));
    expect(queries.map((span) => span.name)).toEqual(['db select', 'db update', 'db select', 'db select']);
    for (const span of queries) {
      expect(span.spanContext().traceId).toBe(root.spanContext().traceId);
      expect(span.parentSpanContext?.spanId).toBe(root.spanContext().spanId);
      expect(span.attributes['db.system.name']).toBe('postgresql');
    }
    expect(queries[0]!.attributes['db.query.text']).toMatch(/where "orders"\."email" = \$1/);
    expect(queries.at(-1)!.status.code).toBe(2); // the division by zero: an error span
    const everything = JSON.stringify(spans.map((span) => [span.name, span.attributes]));
    expect(everything).not.toContain(order.email);
    expect(everything).not.toContain(order.customerName);
  });

  it('leaves the pool untraced when tracing is off', async () => {
    exporter.reset();
    await trace.getTracer('test').startActiveSpan('GET other', async (root) => {
      await db.select({ id: orders.id }).from(orders).limit(1);
      root.end();
    });
    await provider.forceFlush();
    expect(exporter.getFinishedSpans().map((span) => span.name)).toEqual(['GET other']);
  });

  it('exports a request span by route group, never the path that carries an order number or token', () => {
    expect(scrubSpan('GET /fi/orders/KK-204131', { 'http.target': '/fi/orders/KK-204131?x=1', 'next.route': '/[locale]/orders/[orderNumber]' })).toEqual({
      name: 'GET customer',
      attributes: { 'next.route': '/[locale]/orders/[orderNumber]' },
    });
    expect(scrubSpan('GET /t/3q2-secret-token', {}).name).toBe('GET tracking_link');
    // Next.js fetching its own page after a server action's redirect names the span after the URL.
    expect(scrubSpan('fetch GET http://localhost:3000/en/orders/KK-204131?_rsc=1', { 'next.span_name': 'fetch GET http://localhost:3000/en/orders/KK-204131?_rsc=1' })).toEqual({
      name: 'fetch GET http://localhost:3000 customer',
      attributes: { 'next.span_name': 'fetch GET http://localhost:3000 customer' },
    });
    expect(scrubSpan('GET /[locale]/orders/[orderNumber]', {}).name).toBe('GET /[locale]/orders/[orderNumber]');
    expect(scrubSpan('render route (app) /staff', { 'url.full': 'http://x/staff?q=jane@example.com' })).toEqual({ name: 'render route (app) /staff', attributes: {} });
  });

  it('runs a job without a span when no provider was started by the process', async () => {
    // traceJob only traces once startTracing registered the process's provider (the worker does that at start).
    exporter.reset();
    expect(await traceJob('outbox', async () => 42)).toBe(42);
    await provider.forceFlush();
    expect(exporter.getFinishedSpans()).toEqual([]);
  });
});
