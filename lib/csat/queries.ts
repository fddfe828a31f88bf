import { desc, eq, sql } from 'drizzle-orm';
import type { DbOrTx } from '@/db';
import { preparedQuery } from '@/db/prepared';
import { csatResponses, staffUsers } from '@/db/schema';

export type CsatFigures = { sent: number; answers: number; average: number | null; satisfied: number };

const figures = {
  sent: sql<number>`count(*)::int`,
  answers: sql<number>`count(${csatResponses.score})::int`,
  average: sql<number | null>`round(avg(${csatResponses.score})::numeric, 2)::float8`,
  satisfied: sql<number>`count(*) filter (where ${csatResponses.score} >= 4)::int`,
};

/** Overall and per agent (the assignee when the survey went out). */
export async function csatReport(db: DbOrTx): Promise<{ overall: CsatFigures; agents: Array<CsatFigures & { agentId: string | null; name: string | null }> }> {
  const [overall] = await db.select(figures).from(csatResponses);
  const agents = await db
    .select({ agentId: csatResponses.agentId, name: staffUsers.name, ...figures })
    .from(csatResponses)
    .leftJoin(staffUsers, eq(staffUsers.id, csatResponses.agentId))
    .groupBy(csatResponses.agentId, staffUsers.name)
    .orderBy(desc(sql`count(*)`));
  return { overall: overall ?? { sent: 0, answers: 0, average: null, satisfied: 0 }, agents };
}

const csatOfCase = preparedQuery((db) =>
  db
    .select({ sentAt: csatResponses.sentAt, score: csatResponses.score, comment: csatResponses.comment, respondedAt: csatResponses.respondedAt })
    .from(csatResponses)
    .where(eq(csatResponses.caseId, sql.placeholder('caseId')))
    .prepare('case_csat'),
);

/** The survey of one case, for the case page. */
export async function caseCsat(db: DbOrTx, caseId: string) {
  const [row] = await csatOfCase(db).execute({ caseId });
  return row ?? null;
}
