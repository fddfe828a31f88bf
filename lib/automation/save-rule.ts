import { and, eq, inArray, max } from 'drizzle-orm';
import type { Tx } from '@/db';
import { automationRules, staffUsers, teams } from '@/db/schema';
import type { Ctx } from '@/lib/core/actor';
import { authorize } from '@/lib/core/authorize';
import { AppError } from '@/lib/errors';
import { assignableStaff } from '@/lib/cases/assignable-staff';
import { recordSettingChange } from '@/lib/settings/save-setting';
import { lockRules } from './lock-rules';
import { type RuleForm, type RuleFormInput, ruleFormSchema } from './schemas';

/** The audit key of rule changes (the settings overview's audit log lists them). */
export const RULES_SETTING_KEY = 'automation_rules';

/** What the audit row keeps of a rule. */
export function ruleSnapshot(rule: Pick<RuleForm, 'name' | 'trigger' | 'enabled' | 'conditions' | 'actions'>) {
  return { name: rule.name, trigger: rule.trigger, enabled: rule.enabled, conditions: rule.conditions, actions: rule.actions };
}

async function assertAssignee(tx: Tx, form: RuleForm): Promise<void> {
  if (form.actions.assign !== 'agent' || !form.actions.assigneeId) return;
  const [agent] = await tx.select({ id: staffUsers.id }).from(staffUsers).where(and(eq(staffUsers.id, form.actions.assigneeId), assignableStaff()));
  if (!agent) throw new AppError('invalid_input', 'No such staff member', { details: { reason: 'assigneeUnknown' } });
}

/**
 * The teams the rule routes to or asks for exist, and stay until the rule is saved: their rows are share-locked, and
 * deleting a team locks its row for update and then counts the rules that name it (lib/teams/delete-team.ts).
 */
async function assertTeams(tx: Tx, form: RuleForm): Promise<void> {
  const ids = [...new Set([...form.conditions.teams, ...(form.actions.assign === 'team' && form.actions.teamId ? [form.actions.teamId] : [])])];
  if (ids.length === 0) return;
  const found = await tx.select({ id: teams.id }).from(teams).where(inArray(teams.id, ids)).for('share');
  if (found.length !== ids.length) throw new AppError('invalid_input', 'No such team', { details: { reason: 'teamUnknown' } });
}

/** Creates a rule at the end of the list, or saves an existing one (`ruleId`); admin only, audited. */
export async function saveRule(ctx: Ctx, input: RuleFormInput & { ruleId?: string | null }): Promise<{ ruleId: string }> {
  const actor = authorize(ctx.actor, 'settings.manage');
  const form = ruleFormSchema.parse(input);
  const ruleId = input.ruleId ?? null;
  return ctx.db.transaction(async (tx) => {
    await lockRules(tx);
    await assertAssignee(tx, form);
    await assertTeams(tx, form);
    const values = { name: form.name, trigger: form.trigger, enabled: form.enabled, conditions: form.conditions, actions: form.actions, updatedByStaffId: actor.staffId, updatedAt: new Date() };
    if (ruleId) {
      const [before] = await tx.select().from(automationRules).where(eq(automationRules.id, ruleId));
      if (!before) throw new AppError('not_found');
      await tx.update(automationRules).set(values).where(eq(automationRules.id, ruleId));
      await recordSettingChange(tx, actor, RULES_SETTING_KEY, { ruleId, ...ruleSnapshot(before as unknown as RuleForm) }, { ruleId, ...ruleSnapshot(form) });
      return { ruleId };
    }
    const [last] = await tx.select({ position: max(automationRules.position) }).from(automationRules);
    const [row] = await tx
      .insert(automationRules)
      .values({ ...values, position: (last?.position ?? 0) + 1, createdByStaffId: actor.staffId })
      .returning({ id: automationRules.id });
    await recordSettingChange(tx, actor, RULES_SETTING_KEY, null, { ruleId: row!.id, ...ruleSnapshot(form) });
    return { ruleId: row!.id };
  });
}
