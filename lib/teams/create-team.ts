import { teams } from '@/db/schema';
import type { Ctx } from '@/lib/core/actor';
import { authorize } from '@/lib/core/authorize';
import { recordEvent } from '@/lib/core/events';
import { lockTeams } from './lock-teams';
import { type CreateTeamInput, createTeamSchema } from './schemas';
import { assertTeamNameFree } from './team-name';

/** Settings → Staff: a new, empty team; admin only, audited. */
export async function createTeam(ctx: Ctx, input: CreateTeamInput): Promise<{ teamId: string }> {
  const actor = authorize(ctx.actor, 'staff.manage');
  const { name } = createTeamSchema.parse(input);
  return ctx.db.transaction(async (tx) => {
    // Team changes take one lock: the name check and the insert see no concurrent twin.
    await lockTeams(tx);
    await assertTeamNameFree(tx, name);
    const [row] = await tx.insert(teams).values({ name }).returning({ id: teams.id });
    await recordEvent(tx, { actor, type: 'team.created', data: { teamId: row!.id, name } });
    return { teamId: row!.id };
  });
}
