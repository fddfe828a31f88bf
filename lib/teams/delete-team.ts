import { and, count, eq, inArray, sql } from 'drizzle-orm';
import { automationRules, cases, teams } from '@/db/schema';
import type { Ctx } from '@/lib/core/actor';
import { authorize } from '@/lib/core/authorize';
import { recordEvent } from '@/lib/core/events';
import { AppError } from '@/lib/errors';
import { lockTeams } from './lock-teams';
import { OPEN_CASE_STATUSES } from '@/lib/core/enums';
import { deleteTeamSchema } from './schemas';

/**
 * Settings → Staff: deletes a team. Refused while an automation rule routes to it or asks for it (the admin
 * edits those rules first, so no rule silently stops doing what it says); its cases leave the team (the
 * foreign key clears `cases.team_id`) and stay with their assignees. Admin only, audited. The team's row is locked
 * for update before the rules are counted: a rule being saved with this team holds it share-locked
 * (lib/automation/save-rule.ts), so one of the two waits and then sees the other.
 */
export async function deleteTeam(ctx: Ctx, input: { teamId: string }): Promise<{ casesCleared: number }> {
  const actor = authorize(ctx.actor, 'staff.manage');
  const { teamId } = deleteTeamSchema.parse(input);
  return ctx.db.transaction(async (tx) => {
    await lockTeams(tx);
    const [team] = await tx.select({ name: teams.name }).from(teams).where(eq(teams.id, teamId)).for('update');
    if (!team) throw new AppError('not_found');
    const [used] = await tx
      .select({ n: count() })
      .from(automationRules)
      .where(sql`${automationRules.actions}->>'teamId' = ${teamId} or coalesce(${automationRules.conditions}->'teams', '[]'::jsonb) ? ${teamId}`);
    if ((used?.n ?? 0) > 0) throw new AppError('invalid_state', 'Automation rules use the team', { details: { reason: 'teamInUse' } });
    const [open] = await tx
      .select({ n: count() })
      .from(cases)
      .where(and(eq(cases.teamId, teamId), inArray(cases.status, [...OPEN_CASE_STATUSES])));
    await tx.delete(teams).where(eq(teams.id, teamId));
    await recordEvent(tx, { actor, type: 'team.deleted', data: { teamId, name: team.name, openCasesCleared: open?.n ?? 0 } });
    return { casesCleared: open?.n ?? 0 };
  });
}
