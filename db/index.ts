import { drizzle } from 'drizzle-orm/postgres-js';
import postgres from 'postgres';
import { traceSqlClient, tracingEnabled } from '../lib/core/tracing';
import * as schema from './schema';

export type Db = ReturnType<typeof createDb>;
/** The handle inside `db.transaction(async (tx) => …)`. */
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
/** Use cases accept either, so a caller can run them inside its own transaction. */
export type DbOrTx = Db | Tx;

export type DbOptions = {
  max?: number;
  /** PostgreSQL ends a session left idle inside a transaction this long, which frees its locks and its connection. */
  idleInTransactionTimeoutMs?: number;
};

export function createDb(url: string, options: DbOptions = {}) {
  const client = postgres(url, {
    max: options.max ?? Number(process.env.DATABASE_POOL_MAX ?? 10),
    ...(options.idleInTransactionTimeoutMs ? { connection: { idle_in_transaction_session_timeout: options.idleInTransactionTimeoutMs } } : {}),
    onnotice: () => {},
    // Instants are read as Date; `date` columns stay 'YYYY-MM-DD' strings (no time-zone shifts).
    types: { date: { to: 1082, from: [1082], serialize: (v: string) => v, parse: (v: string) => v } },
  });
  // With OpenTelemetry on, each query is a span (lib/core/tracing.ts); off, the client is used as it is.
  const traced = tracingEnabled() ? traceSqlClient(client) : client;
  return Object.assign(drizzle({ client: traced, schema, casing: 'snake_case' }), { $end: () => client.end({ timeout: 5 }) });
}

const globalForDb = globalThis as unknown as { paluuDb?: Db };

/** The app's shared pool, created on first use (DATABASE_URL is set by scripts/start.mjs). */
export function getDb(): Db {
  if (!globalForDb.paluuDb) {
    const url = process.env.DATABASE_URL;
    if (!url) throw new Error('DATABASE_URL is not set. Start the portal with `npm start`, which provides it.');
    globalForDb.paluuDb = createDb(url);
  }
  return globalForDb.paluuDb;
}
