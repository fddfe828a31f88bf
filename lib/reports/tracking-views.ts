/**
 * "Where is my order" deflection needs tracking-page views. The page is hot, so a view costs one Map
 * increment in memory; a timer flushes the counts every few seconds as one set-based UPSERT into
 * tracking_view_hours. Nothing about the order or the visitor is kept: only a number per UTC hour.
 * Counts of the last few seconds are lost if the process dies, which a deflection ratio tolerates.
 */
import { sql } from 'drizzle-orm';
import { getDb, type DbOrTx } from '@/db';

const FLUSH_MS = 5_000;
const HOUR = 3_600_000;

type Counter = { pending: Map<number, number>; timer: ReturnType<typeof setInterval> | null };
// One counter per process, even when the bundler loads this module in several graphs.
const state: Counter = ((globalThis as { __paluuTrackingViews?: Counter }).__paluuTrackingViews ??= { pending: new Map(), timer: null });

/** Counts one customer tracking-page view (call once per render of the order page). */
export function countTrackingView(now = Date.now()): void {
  const hour = now - (now % HOUR);
  state.pending.set(hour, (state.pending.get(hour) ?? 0) + 1);
  if (!state.timer) {
    state.timer = setInterval(() => void flushTrackingViews().catch(() => {}), FLUSH_MS);
    state.timer.unref?.();
  }
}

/** Writes the pending counts (also called by tests and at shutdown). Returns how many views were written. */
export async function flushTrackingViews(db: DbOrTx = getDb()): Promise<number> {
  if (state.pending.size === 0) return 0;
  const batch = [...state.pending];
  state.pending.clear();
  const rows = JSON.stringify(batch.map(([hour, n]) => [new Date(hour).toISOString(), n]));
  try {
    await db.execute(sql`
      insert into tracking_view_hours (hour, views)
      select (e->>0)::timestamptz, (e->>1)::bigint from jsonb_array_elements(${rows}::jsonb) as e
      on conflict (hour) do update set views = tracking_view_hours.views + excluded.views`);
  } catch (error) {
    // Keep the counts for the next flush (the database may be briefly away).
    for (const [hour, n] of batch) state.pending.set(hour, (state.pending.get(hour) ?? 0) + n);
    throw error;
  }
  return batch.reduce((sum, [, n]) => sum + n, 0);
}
