/**
 * The one walker over database error chains. drizzle wraps the driver's error (`DrizzleQueryError`
 * with the postgres.js `PostgresError` as `cause`), transactions and our own `AppError` may wrap it
 * again, so every check walks `cause` a few links down and reads the first link that carries a
 * SQLSTATE. Use these helpers instead of reading `code`/`constraint_name` by hand.
 */

/** The SQLSTATE codes the domain reacts to by name. */
export const PG_CODES = {
  uniqueViolation: '23505',
  foreignKeyViolation: '23503',
  checkViolation: '23514',
  serializationFailure: '40001',
  deadlockDetected: '40P01',
} as const;

export type PgErrorInfo = {
  /** The five-character SQLSTATE (e.g. `23505`). */
  code: string;
  /** The violated constraint, when the server names one. */
  constraint?: string;
  table?: string;
  detail?: string;
};

const MAX_DEPTH = 5;
const SQLSTATE = /^[0-9A-Z]{5}$/;

/** Every link of the cause chain (the error itself first), at most five. */
export function* errorChain(error: unknown): Generator<unknown> {
  for (let e: unknown = error, depth = 0; e && depth < MAX_DEPTH; e = (e as { cause?: unknown }).cause, depth++) yield e;
}

/** The `code` of every link (SQLSTATEs and the driver's socket codes such as `ECONNREFUSED`). */
export function errorCodes(error: unknown): string[] {
  const codes: string[] = [];
  for (const e of errorChain(error)) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string') codes.push(code);
  }
  return codes;
}

/** The first database error in the chain, or undefined when the failure did not come from PostgreSQL. */
export function pgErrorOf(error: unknown): PgErrorInfo | undefined {
  for (const e of errorChain(error)) {
    const pg = e as { code?: unknown; constraint_name?: unknown; constraint?: unknown; table_name?: unknown; table?: unknown; detail?: unknown };
    if (typeof pg.code !== 'string' || !SQLSTATE.test(pg.code)) continue;
    const str = (v: unknown) => (typeof v === 'string' ? v : undefined);
    return { code: pg.code, constraint: str(pg.constraint_name) ?? str(pg.constraint), table: str(pg.table_name) ?? str(pg.table), detail: str(pg.detail) };
  }
  return undefined;
}

function violates(error: unknown, code: string, constraint?: string): boolean {
  const pg = pgErrorOf(error);
  return pg?.code === code && (constraint === undefined || pg.constraint === constraint);
}

/** A UNIQUE/PRIMARY KEY violation (23505), optionally of one named constraint. */
export const isUniqueViolation = (error: unknown, constraint?: string) => violates(error, PG_CODES.uniqueViolation, constraint);

/** A FOREIGN KEY violation (23503), optionally of one named constraint. */
export const isForeignKeyViolation = (error: unknown, constraint?: string) => violates(error, PG_CODES.foreignKeyViolation, constraint);

/** A CHECK violation (23514), optionally of one named constraint. */
export const isCheckViolation = (error: unknown, constraint?: string) => violates(error, PG_CODES.checkViolation, constraint);

/** A serialization failure or deadlock: the whole transaction may simply be run again. */
export function isRetryableTransactionError(error: unknown): boolean {
  const code = pgErrorOf(error)?.code;
  return code === PG_CODES.serializationFailure || code === PG_CODES.deadlockDetected;
}

const UNAVAILABLE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'CONNECT_TIMEOUT', 'CONNECTION_CLOSED', 'CONNECTION_ENDED', '57P01', '57P03']);

/** The database cannot be reached (down, restarting, or refusing connections). */
export function isDatabaseUnavailable(error: unknown): boolean {
  return errorCodes(error).some((code) => UNAVAILABLE_CODES.has(code));
}
