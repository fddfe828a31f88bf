import { and, eq, inArray } from 'drizzle-orm';
import { staffUsers, teamMembers, teams } from '@/db/schema';
import type { Ctx } from '@/lib/core/actor';
import { authorize } from '@/lib/core/authorize';
import { recordEvent } from '@/lib/core/events';
import { AppError } from '@/lib/errors';
import { assignableStaff } from '@/lib/cases/assignable-staff';
import { type SetTeamMembersInput, setTeamMembersSchema } from './schemas';

/** Settings → Staff: the team's members, as ticked (an agent may be in several teams); admin only, audited. */
export async function setTeamMembers(ctx: Ctx, input: SetTeamMembersInput): Promise<void> {
  const actor = authorize(ctx.actor, 'staff.manage');
  const data = setTeamMembersSchema.parse(input);
  const wanted = [...new Set(data.staffIds)];
  await ctx.db.transaction(async (tx) => {
    const [team] = await tx.select({ id: teams.id }).from(teams).where(eq(teams.id, data.teamId)).for('update');
    if (!team) throw new AppError('not_found');
    if (wanted.length > 0) {
      const known = await tx.select({ id: staffUsers.id }).from(staffUsers).where(and(inArray(staffUsers.id, wanted), assignableStaff()));
      if (known.length !== wanted.length) throw new AppError('invalid_input', 'No such staff member', { details: { reason: 'memberUnknown' } });
    }
    const before = (await tx.select({ staffId: teamMembers.staffId }).from(teamMembers).where(eq(teamMembers.teamId, data.teamId))).map((m) => m.staffId);
    const added = wanted.filter((id) => !before.includes(id));
    const removed = before.filter((id) => !wanted.includes(id));
    if (added.length === 0 && removed.length === 0) return;
    if (removed.length > 0) await tx.delete(teamMembers).where(and(eq(teamMembers.teamId, data.teamId), inArray(teamMembers.staffId, removed)));
    if (added.length > 0) await tx.insert(teamMembers).values(added.map((staffId) => ({ teamId: data.teamId, staffId })));
    await recordEvent(tx, { actor, type: 'team.members_changed', data: { teamId: data.teamId, added, removed } });
  });
}
