import { eq } from 'drizzle-orm';
import { settings } from '@/db/schema';
import type { Ctx } from '@/lib/auth/actor';
import { recordCaseEvent } from '@/lib/cases/record-case-event';

/**
 * Contract C placeholder (owner: settings; replaced at merge). Upserts one settings row and
 * records `settings.changed` with `{ key, before, after }` in the same transaction.
 */
export async function saveSetting(ctx: Ctx, key: string, value: unknown): Promise<void> {
  await ctx.db.transaction(async (tx) => {
    const [row] = await tx.select({ value: settings.value }).from(settings).where(eq(settings.key, key)).for('update');
    await tx.insert(settings).values({ key, value }).onConflictDoUpdate({ target: settings.key, set: { value, updatedAt: new Date() } });
    await recordCaseEvent(tx, { actor: ctx.actor, type: 'settings.changed', data: { key, before: row?.value ?? null, after: value } });
  });
}
