import { eq } from 'drizzle-orm';
import { automationRules } from '@/db/schema';
import type { Ctx } from '@/lib/core/actor';
import { authorize } from '@/lib/core/authorize';
import { AppError } from '@/lib/errors';
import { recordSettingChange } from '@/lib/settings/save-setting';
import { lockRules } from './lock-rules';
import { RULES_SETTING_KEY, ruleSnapshot } from './save-rule';
import type { RuleForm } from './schemas';
import { ruleIdSchema } from './schemas';

/** Deletes a rule (what it already did to cases stays in their timelines); admin only, audited. */
export async function deleteRule(ctx: Ctx, input: { ruleId: string }): Promise<void> {
  const actor = authorize(ctx.actor, 'settings.manage');
  const { ruleId } = ruleIdSchema.parse(input);
  await ctx.db.transaction(async (tx) => {
    await lockRules(tx);
    const [before] = await tx.delete(automationRules).where(eq(automationRules.id, ruleId)).returning();
    if (!before) throw new AppError('not_found');
    await recordSettingChange(tx, actor, RULES_SETTING_KEY, { ruleId, ...ruleSnapshot(before as unknown as RuleForm) }, null);
  });
}
