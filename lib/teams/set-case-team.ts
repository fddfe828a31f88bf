import 'server-only';
import { eq, sql } from 'drizzle-orm';
import { cases, teams } from '@/db/schema';
import type { Ctx } from '@/lib/core/actor';
import { authorize } from '@/lib/core/authorize';
import { recordEvent } from '@/lib/core/events';
import { AppError } from '@/lib/errors';
import { assertVersion, lockCase } from '@/lib/cases/load-case';
import { type SetCaseTeamInput, setCaseTeamSchema } from './schemas';

/** The case header: moves the case to another team's queue, or out of every team; the assignee stays. */
export async function setCaseTeam(ctx: Ctx, input: SetCaseTeamInput): Promise<{ version: number }> {
  const actor = authorize(ctx.actor, 'cases.work');
  const data = setCaseTeamSchema.parse(input);
  return ctx.db.transaction(async (tx) => {
    const row = await lockCase(tx, data.caseId);
    assertVersion(row, data.version);
    if (row.teamId === data.teamId) return { version: row.version };
    if (data.teamId) {
      const [team] = await tx.select({ id: teams.id }).from(teams).where(eq(teams.id, data.teamId));
      if (!team) throw new AppError('invalid_input', 'No such team', { details: { reason: 'teamUnknown' } });
    }
    const [updated] = await tx
      .update(cases)
      .set({ teamId: data.teamId, version: sql`${cases.version} + 1`, updatedAt: new Date() })
      .where(eq(cases.id, row.id))
      .returning({ version: cases.version });
    await recordEvent(tx, { actor, type: 'case.team_changed', caseId: row.id, orderId: row.orderId, data: { from: row.teamId, to: data.teamId } });
    return { version: updated!.version };
  });
}
