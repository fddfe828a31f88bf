/**
 * Database spans for OpenTelemetry (docs/operations.md, "Traces"): when tracing is on
 * (OTEL_EXPORTER_OTLP_ENDPOINT set; the provider is registered by scripts/lib/tracing.mjs), every query the
 * postgres.js client runs, in a transaction or not, is a client span under the active request or job span.
 * The span holds the statement as drizzle sends it, with `$n` placeholders: parameter values (email
 * addresses, names) never reach a span. No `server-only`: the worker builds its pool with it too.
 */
import { SpanKind, SpanStatusCode, trace, type Span } from '@opentelemetry/api';
import type { Sql } from 'postgres';

export function tracingEnabled(env: Record<string, string | undefined> = process.env): boolean {
  if (env.OTEL_SDK_DISABLED === 'true') return false;
  return Boolean(env.OTEL_EXPORTER_OTLP_ENDPOINT || env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT);
}

const MAX_STATEMENT = 2000;

/** `select`, `insert`, … : the statement's first keyword (a `with` query is named by it, too). */
function operationOf(text: string): string {
  return /^\s*\(?\s*([a-z]+)/i.exec(text)?.[1]?.toLowerCase() ?? 'query';
}

function endOnSettle<T extends PromiseLike<unknown>>(query: T, span: Span): T {
  const then = query.then.bind(query);
  let ended = false;
  const end = (error?: unknown) => {
    if (ended) return;
    ended = true;
    if (error) span.setStatus({ code: SpanStatusCode.ERROR, message: (error as { code?: string }).code ?? 'error' });
    span.end();
  };
  // postgres.js queries are lazy promises that run when awaited (drizzle awaits at once): the span ends when
  // the result or the error arrives. `.values()` returns the same query object, so it keeps this `then`.
  (query as { then: PromiseLike<unknown>['then'] }).then = (onFulfilled, onRejected) =>
    then(
      (value) => {
        end();
        return onFulfilled ? onFulfilled(value) : (value as never);
      },
      (error) => {
        end(error);
        if (onRejected) return onRejected(error);
        throw error;
      },
    );
  return query;
}

/** The client, with a span around each `unsafe` query (what drizzle runs), also inside `begin` and savepoints. */
export function traceSqlClient<T extends Sql>(client: T): T {
  const tracer = trace.getTracer('paluu-db');
  const wrap = (sql: Sql): Sql =>
    new Proxy(sql, {
      get(target, property, receiver) {
        const value = Reflect.get(target, property, receiver);
        if (property === 'unsafe') {
          return (text: string, ...rest: unknown[]) => {
            const span = tracer.startSpan(`db ${operationOf(text)}`, {
              kind: SpanKind.CLIENT,
              attributes: { 'db.system.name': 'postgresql', 'db.operation.name': operationOf(text), 'db.query.text': text.slice(0, MAX_STATEMENT) },
            });
            return endOnSettle((value as (...args: unknown[]) => PromiseLike<unknown>).call(target, text, ...rest), span);
          };
        }
        if (property === 'begin' || property === 'savepoint') {
          // The transaction's own handle runs the queries inside it: wrap that one, too.
          return (...args: unknown[]) => {
            const callback = args.findIndex((arg) => typeof arg === 'function');
            if (callback >= 0) {
              const inner = args[callback] as (tx: Sql) => unknown;
              args[callback] = (tx: Sql) => inner(wrap(tx));
            }
            return (value as (...a: unknown[]) => unknown).apply(target, args);
          };
        }
        return typeof value === 'function' && property !== 'constructor' ? value.bind(target) : value;
      },
    }) as Sql;
  return wrap(client) as T;
}
