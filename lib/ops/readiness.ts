import 'server-only';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import type { Db } from '@/db';

export type Readiness =
  | { ready: true; database: 'ok'; migrations: 'current'; latencyMs: number }
  | { ready: false; database: 'ok' | 'unreachable'; migrations: 'current' | 'behind' | 'unknown'; reason: string };

type Journal = { entries: { tag: string; when: number }[] };

/** The newest migration this build ships (drizzle records each applied one by its `when`). */
function latestShippedMigration(): { tag: string; when: number } | null {
  try {
    const file = path.resolve(process.cwd(), 'db/migrations/meta/_journal.json');
    const journal = JSON.parse(readFileSync(file, 'utf8')) as Journal;
    return journal.entries.at(-1) ?? null;
  } catch {
    return null;
  }
}

/**
 * Ready = the database answers within the timeout and holds every migration this build ships.
 * A web server started before `npm run db:migrate` finished reports `behind` and stays out of rotation.
 */
export async function checkReadiness(db: Db, timeoutMs = 2000): Promise<Readiness> {
  const started = performance.now();
  let applied: number | null;
  try {
    const rows = await Promise.race([
      db.execute<{ created_at: string | null }>(sql`select max(created_at)::text as created_at from drizzle.__drizzle_migrations`),
      new Promise<never>((_, reject) => setTimeout(() => reject(new Error('timeout')), timeoutMs)),
    ]);
    const value = rows[0]?.created_at;
    applied = value == null ? null : Number(value);
  } catch (error) {
    const reason = error instanceof Error && error.message === 'timeout' ? 'database timeout' : 'database unreachable or not migrated';
    // "relation does not exist" means the database answers but was never migrated.
    const missingTable = error instanceof Error && /__drizzle_migrations|does not exist/.test(String((error as { cause?: unknown }).cause ?? error.message));
    return missingTable
      ? { ready: false, database: 'ok', migrations: 'behind', reason: 'no migrations applied' }
      : { ready: false, database: 'unreachable', migrations: 'unknown', reason };
  }
  const latest = latestShippedMigration();
  if (!latest) return { ready: false, database: 'ok', migrations: 'unknown', reason: 'migration journal not found' };
  if (applied == null || applied < latest.when) {
    return { ready: false, database: 'ok', migrations: 'behind', reason: `migration ${latest.tag} not applied` };
  }
  return { ready: true, database: 'ok', migrations: 'current', latencyMs: Math.round(performance.now() - started) };
}
