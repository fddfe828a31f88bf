import { asc, eq } from 'drizzle-orm';
import { automationRules } from '@/db/schema';
import type { Ctx } from '@/lib/core/actor';
import { authorize } from '@/lib/core/authorize';
import { AppError } from '@/lib/errors';
import { recordSettingChange } from '@/lib/settings/save-setting';
import { lockRules } from './lock-rules';
import { RULES_SETTING_KEY } from './save-rule';
import { moveRuleSchema } from './schemas';

/** Moves a rule one place up or down (earlier rules win the assignee and priority); admin only, audited. */
export async function moveRule(ctx: Ctx, input: { ruleId: string; direction: 'up' | 'down' }): Promise<{ moved: boolean }> {
  const actor = authorize(ctx.actor, 'settings.manage');
  const { ruleId, direction } = moveRuleSchema.parse(input);
  return ctx.db.transaction(async (tx) => {
    await lockRules(tx);
    const ordered = await tx.select({ id: automationRules.id }).from(automationRules).orderBy(asc(automationRules.position), asc(automationRules.createdAt));
    const from = ordered.findIndex((r) => r.id === ruleId);
    if (from < 0) throw new AppError('not_found');
    const to = direction === 'up' ? from - 1 : from + 1;
    if (to < 0 || to >= ordered.length) return { moved: false };
    const before = ordered.map((r) => r.id);
    const after = [...before];
    [after[from], after[to]] = [after[to]!, after[from]!];
    // Renumber 1..n: positions stay a clean sequence whatever they were.
    for (const [i, id] of after.entries()) await tx.update(automationRules).set({ position: i + 1 }).where(eq(automationRules.id, id));
    await recordSettingChange(tx, actor, RULES_SETTING_KEY, { order: before }, { order: after });
    return { moved: true };
  });
}
