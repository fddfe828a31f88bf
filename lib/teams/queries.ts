import 'server-only';
import { asc, eq } from 'drizzle-orm';
import type { DbOrTx } from '@/db';
import { teamMembers, teams } from '@/db/schema';
import type { Actor } from '@/lib/core/actor';
import { authorize } from '@/lib/core/authorize';

export type TeamDto = { id: string; name: string; memberIds: string[] };

/** Every team by name with its members' ids (Settings → Staff, the queue's filter, the case header). */
export async function listTeams(ctx: { db: DbOrTx; actor: Actor }): Promise<TeamDto[]> {
  authorize(ctx.actor, 'cases.work');
  const [rows, members] = await Promise.all([
    ctx.db.select({ id: teams.id, name: teams.name }).from(teams).orderBy(asc(teams.name), asc(teams.id)),
    ctx.db.select({ teamId: teamMembers.teamId, staffId: teamMembers.staffId }).from(teamMembers),
  ]);
  return rows.map((t) => ({ ...t, memberIds: members.filter((m) => m.teamId === t.id).map((m) => m.staffId) }));
}

/** The ids of a team's members (automation's team routing). */
export async function teamMemberIds(db: DbOrTx, teamId: string): Promise<string[]> {
  return (await db.select({ staffId: teamMembers.staffId }).from(teamMembers).where(eq(teamMembers.teamId, teamId))).map((m) => m.staffId);
}
