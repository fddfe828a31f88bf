import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { testDb } from '@/test/db';
import { inRollback } from '@/test/rollback';
import { AppError } from './errors';
import { isCheckViolation, isDatabaseUnavailable, isForeignKeyViolation, isRetryableTransactionError, isUniqueViolation, pgErrorOf } from './pg-error';

const db = testDb();

/** The error a real statement raises, as drizzle hands it to our code (wrapped, with the driver's error as cause). */
async function failure(statements: string[]): Promise<unknown> {
  let caught: unknown;
  await inRollback(db, async (tx) => {
    try {
      await tx.transaction(async (inner) => {
        for (const statement of statements) await inner.execute(sql.raw(statement));
      });
    } catch (error) {
      caught = error;
    }
  });
  return caught;
}

const TABLES = [
  'create temp table pg_parent (id int primary key) on commit drop',
  'create temp table pg_child (id int primary key, parent int constraint pg_child_parent_fk references pg_parent(id), qty int constraint pg_child_qty_positive check (qty > 0)) on commit drop',
  'insert into pg_parent values (1)',
];

describe('one walker over PostgreSQL error chains', () => {
  it('finds a unique violation and its constraint under the wrappers, also inside an AppError', async () => {
    const error = await failure([...TABLES, 'insert into pg_parent values (1)']);
    expect(pgErrorOf(error)).toMatchObject({ code: '23505', constraint: 'pg_parent_pkey', table: 'pg_parent' });
    expect(isUniqueViolation(error)).toBe(true);
    expect(isUniqueViolation(error, 'pg_parent_pkey')).toBe(true);
    expect(isUniqueViolation(error, 'some_other_key')).toBe(false);
    expect(isUniqueViolation(new AppError('conflict', 'wrapped', { cause: error }), 'pg_parent_pkey')).toBe(true);
    expect(isForeignKeyViolation(error)).toBe(false);
    expect(isRetryableTransactionError(error)).toBe(false);
  });

  it('tells foreign-key and check violations apart by code and constraint', async () => {
    const fk = await failure([...TABLES, 'insert into pg_child values (1, 99, 1)']);
    expect(isForeignKeyViolation(fk, 'pg_child_parent_fk')).toBe(true);
    expect(isCheckViolation(fk)).toBe(false);
    const check = await failure([...TABLES, 'insert into pg_child values (1, 1, 0)']);
    expect(isCheckViolation(check, 'pg_child_qty_positive')).toBe(true);
    expect(isUniqueViolation(check)).toBe(false);
  });

  it('a deadlock or serialization failure is retryable, an ordinary failure is not; neither is "unavailable"', async () => {
    const serialization = await failure([`do $$ begin raise exception using errcode = 'serialization_failure', message = 'could not serialize'; end $$`]);
    const deadlock = await failure([`do $$ begin raise exception using errcode = 'deadlock_detected', message = 'deadlock'; end $$`]);
    const division = await failure(['select 1/0']);
    expect(pgErrorOf(serialization)?.code).toBe('40001');
    expect(isRetryableTransactionError(serialization)).toBe(true);
    expect(isRetryableTransactionError(deadlock)).toBe(true);
    expect(isRetryableTransactionError(division)).toBe(false);
    expect(isDatabaseUnavailable(division)).toBe(false);
    expect(pgErrorOf(new Error('not from the database'))).toBeUndefined();
  });

  it('a refused connection is "unavailable" wherever it sits in the chain', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' });
    expect(isDatabaseUnavailable(new Error('query failed', { cause: refused }))).toBe(true);
    expect(pgErrorOf(refused)).toBeUndefined();
  });
});
