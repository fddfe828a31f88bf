import type { Db } from '../db';

class Rollback extends Error {}

/**
 * Runs `fn` in a transaction that is always rolled back. Settings (the shop row, the active return
 * policy, email texts) are global to the shared test database: changing them for real would change
 * what parallel test files see. Use cases get the transaction as their `db` (their own
 * `transaction()` becomes a savepoint), so they run exactly as in production.
 */
export async function inRollback<T>(db: Db, fn: (tx: Db) => Promise<T>): Promise<T> {
  let result: T;
  try {
    await db.transaction(async (tx) => {
      result = await fn(tx as unknown as Db);
      throw new Rollback();
    });
  } catch (error) {
    if (!(error instanceof Rollback)) throw error;
  }
  return result!;
}
