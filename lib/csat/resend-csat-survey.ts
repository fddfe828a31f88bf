import { eq } from 'drizzle-orm';
import { cases } from '@/db/schema';
import type { Ctx } from '@/lib/core/actor';
import { AppError } from '@/lib/errors';
import { queueCsatSurvey } from './queue-csat-survey';
import { resendCsatSchema } from './schemas';
import { authorize } from '@/lib/core/authorize';

/** An agent sends the survey again (new link; the old one stops working). */
export async function resendCsatSurvey(ctx: Ctx, raw: { caseId: string }): Promise<void> {
  const actor = authorize(ctx.actor, 'csat.resend');
  const input = resendCsatSchema.parse(raw);
  await ctx.db.transaction(async (tx) => {
    const [kase] = await tx.select({ status: cases.status }).from(cases).where(eq(cases.id, input.caseId)).for('update');
    if (!kase) throw new AppError('not_found');
    if (kase.status !== 'resolved' && kase.status !== 'closed') throw new AppError('invalid_state', 'Only resolved cases get a survey.', { details: { reason: 'csat_case_open' } });
    const outcome = await queueCsatSurvey(tx, { caseId: input.caseId, actor, resend: true });
    if (outcome !== 'queued') throw new AppError('invalid_state', outcome, { details: { reason: `csat_${outcome}` } });
  });
}
