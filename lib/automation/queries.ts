import 'server-only';
import { asc, countDistinct } from 'drizzle-orm';
import type { DbOrTx } from '@/db';
import { automationRules, macros, staffUsers, teams } from '@/db/schema';
import type { Actor } from '@/lib/core/actor';
import { authorize } from '@/lib/core/authorize';
import { assignableStaff } from '@/lib/cases/assignable-staff';
import { agentLoads } from './run-rules';
import { type RuleForm, ruleActionsSchema, ruleConditionsSchema } from './schemas';

export type RuleDto = { id: string; position: number; broken: boolean } & RuleForm;

/** Settings → Automation: the rules in order, what the form offers (agents, teams, macro titles). */
export async function automationSettings(ctx: { db: DbOrTx; actor: Actor }) {
  authorize(ctx.actor, 'settings.manage');
  const [rows, agents, teamRows, macroTitles] = await Promise.all([
    ctx.db.select().from(automationRules).orderBy(asc(automationRules.position), asc(automationRules.createdAt)),
    ctx.db.select({ id: staffUsers.id, name: staffUsers.name }).from(staffUsers).where(assignableStaff()).orderBy(asc(staffUsers.name)),
    ctx.db.select({ id: teams.id, name: teams.name }).from(teams).orderBy(asc(teams.name)),
    ctx.db.select({ title: macros.title, locales: countDistinct(macros.locale) }).from(macros).groupBy(macros.title).orderBy(asc(macros.title)),
  ]);
  const rules: RuleDto[] = rows.map((row) => {
    const conditions = ruleConditionsSchema.safeParse(row.conditions);
    const actions = ruleActionsSchema.safeParse(row.actions);
    return {
      id: row.id,
      position: row.position,
      name: row.name,
      trigger: row.trigger as RuleForm['trigger'],
      enabled: row.enabled,
      broken: !conditions.success || !actions.success,
      conditions: conditions.success ? conditions.data : ruleConditionsSchema.parse({}),
      actions: actions.success ? actions.data : ruleActionsSchema.parse({}),
    };
  });
  return { rules, agents, teams: teamRows, macroTitles: macroTitles.map((m) => m.title) };
}

/** Settings → Staff: each active staff member's languages, capacity and open assigned cases now. */
export async function agentRouting(ctx: { db: DbOrTx; actor: Actor }) {
  authorize(ctx.actor, 'staff.manage');
  const rows = await ctx.db
    .select({ id: staffUsers.id, name: staffUsers.name, languages: staffUsers.languages, capacity: staffUsers.capacity })
    .from(staffUsers)
    .where(assignableStaff())
    .orderBy(asc(staffUsers.name));
  const loads = new Map((await agentLoads(ctx.db)).map((a) => [a.id, a.openAssigned]));
  return rows.map((r) => ({ ...r, openAssigned: loads.get(r.id) ?? 0 }));
}
