import { eq } from 'drizzle-orm';
import type { DbOrTx } from '@/db';
import { settings } from '@/db/schema';
import type { Actor, Ctx } from '@/lib/core/actor';
import { recordEvent } from '@/lib/core/events';
import { authorize } from '@/lib/core/authorize';

/** The audit event type of every settings change (the overview page lists them). */
export const SETTINGS_CHANGED = 'settings.changed';

/** The audit row for one settings change, written inside the caller's transaction. */
export async function recordSettingChange(tx: DbOrTx, actor: Actor, key: string, before: unknown, after: unknown): Promise<void> {
  await recordEvent(tx, { actor, type: SETTINGS_CHANGED, data: { key, before: before ?? null, after: after ?? null } });
}

/**
 * Upserts one `settings` row and records `settings.changed` with `{ key, before, after }` in the same
 * transaction (the caller validates the value and redacts secrets before). Admin only.
 */
export async function saveSetting(ctx: Ctx, key: string, value: unknown): Promise<void> {
  authorize(ctx.actor, 'settings.manage');
  const actor = ctx.actor;
  await ctx.db.transaction((tx) => writeSetting(tx, actor, key, value));
}

/** `saveSetting` inside a transaction the caller already runs (several keys changing together). */
export async function writeSetting(tx: DbOrTx, actor: Actor, key: string, value: unknown, options: { audit?: boolean } = {}): Promise<void> {
  // Lock the row (if any) so two admins saving at once audit a true before → after chain.
  const [row] = await tx.select({ value: settings.value }).from(settings).where(eq(settings.key, key)).for('update');
  await tx
    .insert(settings)
    .values({ key, value: value as object })
    .onConflictDoUpdate({ target: settings.key, set: { value: value as object, updatedAt: new Date() } });
  if (options.audit !== false) await recordSettingChange(tx, actor, key, row?.value, value);
}
