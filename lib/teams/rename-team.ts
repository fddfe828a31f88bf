import { eq } from 'drizzle-orm';
import { teams } from '@/db/schema';
import type { Ctx } from '@/lib/core/actor';
import { authorize } from '@/lib/core/authorize';
import { recordEvent } from '@/lib/core/events';
import { AppError } from '@/lib/errors';
import { lockTeams } from './lock-teams';
import { type RenameTeamInput, renameTeamSchema } from './schemas';
import { assertTeamNameFree } from './team-name';

/** Settings → Staff: a team's new name (rules and cases keep the team: they hold its id); admin only, audited. */
export async function renameTeam(ctx: Ctx, input: RenameTeamInput): Promise<void> {
  const actor = authorize(ctx.actor, 'staff.manage');
  const { teamId, name } = renameTeamSchema.parse(input);
  await ctx.db.transaction(async (tx) => {
    await lockTeams(tx);
    const [before] = await tx.select({ name: teams.name }).from(teams).where(eq(teams.id, teamId)).for('update');
    if (!before) throw new AppError('not_found');
    if (before.name === name) return;
    await assertTeamNameFree(tx, name, teamId);
    await tx.update(teams).set({ name, updatedAt: new Date() }).where(eq(teams.id, teamId));
    await recordEvent(tx, { actor, type: 'team.renamed', data: { teamId, from: before.name, to: name } });
  });
}
