import { eq, sql } from 'drizzle-orm';
import { settings } from '@/db/schema';
import type { Ctx } from '@/lib/auth/actor';
import { recordCaseEvent } from '@/lib/cases/record-case-event';

/**
 * Contract C (owner: settings): upserts one settings row and audits `settings.changed` with
 * `{ key, before, after }` in one transaction. Callers redact secrets before calling.
 */
export async function saveSetting(ctx: Ctx, key: string, value: unknown): Promise<void> {
  await ctx.db.transaction(async (tx) => {
    const [row] = await tx.select({ value: settings.value }).from(settings).where(eq(settings.key, key)).for('update');
    await tx
      .insert(settings)
      .values({ key, value })
      .onConflictDoUpdate({ target: settings.key, set: { value, updatedAt: sql`now()` } });
    await recordCaseEvent(tx, { actor: ctx.actor, type: 'settings.changed', data: { key, before: row?.value ?? null, after: value } });
  });
}
