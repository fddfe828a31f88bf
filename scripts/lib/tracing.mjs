// OpenTelemetry traces, on only when OTEL_EXPORTER_OTLP_ENDPOINT (or OTEL_EXPORTER_OTLP_TRACES_ENDPOINT) is
// set: spans go to that OTLP/HTTP collector (JSON). Off, nothing is loaded and no span is made.
//
// What is traced: each web request (a server span named by method and route group, continuing the caller's
// W3C `traceparent`), Next.js's own rendering spans under it, every database query (lib/core/tracing.ts
// wraps the postgres.js client) and every worker job and wake-loop pass.
//
// No personal data, as in the logs (scripts/lib/log.mjs): paths carry order numbers and tracking-link
// tokens, so URL attributes are dropped and a span named after a raw path is renamed to its route group
// before export. Database spans carry the statement with its $n placeholders, never the values.
import { readFileSync } from 'node:fs';
import { context, propagation, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { routeGroup } from './http-metrics.mjs';

export function tracingEnabled(env = process.env) {
  if (env.OTEL_SDK_DISABLED === 'true') return false;
  return Boolean(env.OTEL_EXPORTER_OTLP_ENDPOINT || env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT);
}

const URL_ATTRIBUTES = new Set(['http.target', 'http.url', 'url.full', 'url.path', 'url.query', 'next.rsc']);
// Attributes that repeat the span's name (Next.js copies it into next.span_name).
const NAME_ATTRIBUTES = new Set(['next.span_name']);
// A method followed by a concrete path or URL: `GET /fi/orders/KK-204131`, `fetch GET http://host/t/token?_rsc`.
const METHOD_AND_URL = /\b(GET|HEAD|POST|PUT|PATCH|DELETE|OPTIONS) (https?:\/\/[^/\s]+)?(\/\S*)/g;

/**
 * A span name without concrete paths: Next.js names its request span by the route pattern
 * (`GET /[locale]/orders/[orderNumber]`, kept), but a 404 or a fetch of its own pages carries the concrete
 * path, which may hold an order number or a link token: that becomes the route group.
 */
function scrubName(name) {
  return name.replace(METHOD_AND_URL, (whole, method, origin, path) =>
    path.includes('[') ? whole : `${method} ${origin ?? ''}${origin ? ' ' : ''}${routeGroup(path.split('?')[0])}`,
  );
}

/** A span's name and attributes as exported: raw paths become route groups, URL attributes are dropped. */
export function scrubSpan(name, attributes) {
  const kept = {};
  for (const [key, value] of Object.entries(attributes ?? {})) {
    if (URL_ATTRIBUTES.has(key)) continue;
    kept[key] = NAME_ATTRIBUTES.has(key) && typeof value === 'string' ? scrubName(value) : value;
  }
  return { name: scrubName(name), attributes: kept };
}

/** Wraps an exporter: every span leaves with its scrubbed name and attributes. */
function scrubbingExporter(inner) {
  return {
    export(spans, done) {
      const scrubbed = spans.map((span) => {
        const { name, attributes } = scrubSpan(span.name, span.attributes);
        // The span's own methods (spanContext, …) stay reachable through the prototype.
        return Object.create(span, { name: { value: name }, attributes: { value: attributes } });
      });
      inner.export(scrubbed, done);
    },
    shutdown: () => inner.shutdown(),
    forceFlush: () => inner.forceFlush?.(),
  };
}

let provider = null;

/**
 * Registers the global tracer provider for this process (`paluu-web`, `paluu-worker`; OTEL_SERVICE_NAME
 * overrides). Returns a function that flushes and stops it (called on shutdown). A no-op when tracing is off.
 */
export async function startTracing(serviceName) {
  if (!tracingEnabled() || provider) return async () => {};
  const [{ TracerProvider, BatchSpanProcessor }, { OTLPTraceExporter }, { AsyncLocalStorageContextManager }, { W3CTraceContextPropagator }, { resourceFromAttributes }] =
    await Promise.all([
      import('@opentelemetry/sdk-trace'),
      import('@opentelemetry/exporter-trace-otlp-http'),
      import('@opentelemetry/context-async-hooks'),
      import('@opentelemetry/core'),
      import('@opentelemetry/resources'),
    ]);
  const { version } = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8'));
  provider = new TracerProvider({
    resource: resourceFromAttributes({ 'service.name': process.env.OTEL_SERVICE_NAME || serviceName, 'service.version': version }),
    // The exporter reads the OTEL_EXPORTER_OTLP_* variables; OTEL_BSP_SCHEDULE_DELAY (ms) sets how often a batch leaves.
    spanProcessors: [
      new BatchSpanProcessor({
        exporter: scrubbingExporter(new OTLPTraceExporter()),
        scheduledDelayMillis: Number(process.env.OTEL_BSP_SCHEDULE_DELAY) || 5000,
      }),
    ],
  });
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  propagation.setGlobalPropagator(new W3CTraceContextPropagator());
  trace.setGlobalTracerProvider(provider);
  return async () => {
    await provider?.shutdown().catch(() => {});
  };
}

const tracer = () => trace.getTracer('paluu');

/**
 * Runs `serve` inside a server span for one web request, continuing the caller's `traceparent`. The span is
 * named by method and route group and ends when the response closes. Without tracing it just calls `serve`.
 */
export function traceRequest(req, res, requestId, serve) {
  if (!provider) return serve();
  const parent = propagation.extract(context.active(), req.headers);
  const method = req.method ?? 'GET';
  const group = routeGroup((req.url ?? '/').split('?')[0]);
  const span = tracer().startSpan(`${method} ${group}`, { kind: SpanKind.SERVER, attributes: { 'http.request.method': method, 'paluu.route_group': group, 'paluu.request_id': requestId } }, parent);
  res.once('close', () => {
    span.setAttribute('http.response.status_code', res.statusCode);
    if (res.statusCode >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
    span.end();
  });
  return context.with(trace.setSpan(parent, span), serve);
}

/** Runs a worker job (or one pass of a wake loop) inside an internal span named `job <name>`. */
export async function traceJob(name, run) {
  if (!provider) return run();
  return tracer().startActiveSpan(`job ${name}`, { kind: SpanKind.CONSUMER, attributes: { 'paluu.job': name } }, async (span) => {
    try {
      return await run();
    } catch (error) {
      // The type and code only: messages can quote row values (PostgreSQL's detail) or addresses.
      span.setStatus({ code: SpanStatusCode.ERROR, message: error?.code ?? error?.name ?? 'error' });
      throw error;
    } finally {
      span.end();
    }
  });
}
