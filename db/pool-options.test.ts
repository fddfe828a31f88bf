import { sql } from 'drizzle-orm';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { createDb, type Db } from './index';

// The worker's pools (scripts/worker.mjs): a transaction left idle is ended by PostgreSQL.
const url = inject('databaseUrl');
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const opened: Db[] = [];
afterAll(async () => {
  await Promise.all(opened.map((db) => db.$end()));
});

function pool(options: Parameters<typeof createDb>[1]): Db {
  const db = createDb(url, options);
  opened.push(db);
  return db;
}

describe('createDb pool options', () => {
  it('PostgreSQL ends a transaction left idle longer than idleInTransactionTimeoutMs, and the pool goes on', async () => {
    const db = pool({ max: 1, idleInTransactionTimeoutMs: 300 });
    const [setting] = await db.execute<{ idle_in_transaction_session_timeout: string }>(sql`show idle_in_transaction_session_timeout`);
    expect(setting!.idle_in_transaction_session_timeout).toBe('300ms');
    const stuck = db.transaction(async (tx) => {
      await tx.execute(sql`select 1`);
      await sleep(1000);
      await tx.execute(sql`select 1`);
    });
    await expect(stuck).rejects.toThrow();
    const [row] = await db.execute<{ one: number }>(sql`select 1 as one`);
    expect(row!.one).toBe(1);
  });

  it('a default pool keeps idle transactions open', async () => {
    const db = pool({ max: 1 });
    const [setting] = await db.execute<{ idle_in_transaction_session_timeout: string }>(sql`show idle_in_transaction_session_timeout`);
    expect(setting!.idle_in_transaction_session_timeout).toBe('0');
  });
});
