import { and, eq, isNotNull, isNull } from 'drizzle-orm';
import type { Db } from '@/db';
import { cases, csatOptOuts, csatResponses } from '@/db/schema';
import type { Actor } from '@/lib/core/actor';
import { recordEvent } from '@/lib/core/events';
import { AppError } from '@/lib/errors';
import { csatCommentSchema, csatScoreSchema, csatTokenSchema } from './schemas';
import { hashCsatToken } from './tokens';

const customerOf = (orderId: string | null): Actor => (orderId ? { type: 'customer', orderId } : { type: 'system' });

async function caseOfToken(db: Db, token: string) {
  const [row] = await db
    .select({ responseId: csatResponses.id, score: csatResponses.score, comment: csatResponses.comment, caseId: cases.id, orderId: cases.orderId, email: cases.customerEmail })
    .from(csatResponses)
    .innerJoin(cases, eq(cases.id, csatResponses.caseId))
    .where(eq(csatResponses.tokenHash, hashCsatToken(csatTokenSchema.parse(token))))
    .limit(1);
  return row ?? null;
}

export type CsatLinkState = { status: 'invalid' } | { status: 'open' } | { status: 'answered'; score: number; commented: boolean };

/** What the survey page shows for a link (read only: a GET never records anything). */
export async function csatLinkState(db: Db, token: string): Promise<CsatLinkState> {
  if (!csatTokenSchema.safeParse(token).success) return { status: 'invalid' };
  const row = await caseOfToken(db, token);
  if (!row) return { status: 'invalid' };
  return row.score == null ? { status: 'open' } : { status: 'answered', score: row.score, commented: row.comment != null };
}

/** The customer's score: the link works once (a guarded UPDATE — a second click changes nothing). */
export async function recordCsatScore(db: Db, raw: { token: string; score: number | string }): Promise<{ recorded: boolean }> {
  const input = csatScoreSchema.parse(raw);
  return db.transaction(async (tx) => {
    const [updated] = await tx
      .update(csatResponses)
      .set({ score: input.score, respondedAt: new Date() })
      .where(and(eq(csatResponses.tokenHash, hashCsatToken(input.token)), isNull(csatResponses.score)))
      .returning({ caseId: csatResponses.caseId });
    if (!updated) {
      const [exists] = await tx.select({ id: csatResponses.id }).from(csatResponses).where(eq(csatResponses.tokenHash, hashCsatToken(input.token)));
      if (!exists) throw new AppError('not_found');
      return { recorded: false };
    }
    const [kase] = await tx.select({ orderId: cases.orderId }).from(cases).where(eq(cases.id, updated.caseId));
    await recordEvent(tx, { type: 'csat.answered', actor: customerOf(kase?.orderId ?? null), caseId: updated.caseId, data: { caseId: updated.caseId, orderId: kase?.orderId ?? null, score: input.score } });
    return { recorded: true };
  });
}

/** The optional comment, once, after a score. */
export async function recordCsatComment(db: Db, raw: { token: string; comment: string }): Promise<void> {
  const input = csatCommentSchema.parse(raw);
  await db.transaction(async (tx) => {
    const [updated] = await tx
      .update(csatResponses)
      .set({ comment: input.comment })
      .where(and(eq(csatResponses.tokenHash, hashCsatToken(input.token)), isNotNull(csatResponses.score), isNull(csatResponses.comment)))
      .returning({ caseId: csatResponses.caseId });
    if (!updated) throw new AppError('invalid_state');
    const [kase] = await tx.select({ orderId: cases.orderId }).from(cases).where(eq(cases.id, updated.caseId));
    await recordEvent(tx, { actor: customerOf(kase?.orderId ?? null), type: 'csat.commented', caseId: updated.caseId, orderId: kase?.orderId, data: {} });
  });
}

/** No more surveys to this address (the link in the survey's footer). Idempotent. */
export async function optOutOfCsat(db: Db, raw: { token: string }): Promise<void> {
  const row = await caseOfToken(db, raw.token);
  if (!row) throw new AppError('not_found');
  await db.transaction(async (tx) => {
    const inserted = await tx.insert(csatOptOuts).values({ email: row.email.toLowerCase() }).onConflictDoNothing().returning();
    if (inserted.length) await recordEvent(tx, { actor: customerOf(row.orderId), type: 'csat.opted_out', caseId: row.caseId, orderId: row.orderId, data: {} });
  });
}
