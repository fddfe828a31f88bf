import { eq } from 'drizzle-orm';
import { automationRules } from '@/db/schema';
import type { Ctx } from '@/lib/core/actor';
import { authorize } from '@/lib/core/authorize';
import { AppError } from '@/lib/errors';
import { recordSettingChange } from '@/lib/settings/save-setting';
import { RULES_SETTING_KEY } from './save-rule';
import { toggleRuleSchema } from './schemas';

/** Turns a rule on or off; admin only, audited. */
export async function toggleRule(ctx: Ctx, input: { ruleId: string; enabled: boolean }): Promise<void> {
  const actor = authorize(ctx.actor, 'settings.manage');
  const { ruleId, enabled } = toggleRuleSchema.parse(input);
  await ctx.db.transaction(async (tx) => {
    const [before] = await tx.select({ enabled: automationRules.enabled }).from(automationRules).where(eq(automationRules.id, ruleId)).for('update');
    if (!before) throw new AppError('not_found');
    if (before.enabled === enabled) return;
    await tx.update(automationRules).set({ enabled, updatedByStaffId: actor.staffId, updatedAt: new Date() }).where(eq(automationRules.id, ruleId));
    await recordSettingChange(tx, actor, RULES_SETTING_KEY, { ruleId, enabled: before.enabled }, { ruleId, enabled });
  });
}
