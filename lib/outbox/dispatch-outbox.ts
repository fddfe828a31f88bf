import { and, eq, inArray, lte, sql } from 'drizzle-orm';
import type { Db } from '@/db';
import { outbox, type OutboxMessage } from '@/db/schema';
import { revealOutboxSecrets } from './outbox-secrets';
import { type MailAttachment, PermanentSendError, resolveAttachments } from './resolve-attachments';

export type Mailer = {
  /** Sends one message (with its attachments' bytes); resolves with the provider's message id. */
  send(message: OutboxMessage & { attachments: MailAttachment[] }): Promise<string>;
} | null;

export const MAX_ATTEMPTS = 8;

/** 30 s, 1 min, 2 min, … capped at 1 h: a flaky SMTP server gets time to recover. */
export function backoffSeconds(attempts: number): number {
  return Math.min(3600, 30 * 2 ** Math.max(0, attempts - 1));
}

export type DispatchResult = { sent: number; captured: number; retried: number; failed: number };

/** What happened to one message, for the worker's log line (ids and the causing request, no addresses). */
export type DispatchOutcome = {
  id: string;
  kind: string;
  requestId: string | null;
  status: 'sent' | 'captured' | 'retry' | 'failed';
  attempts: number;
  error?: string;
};

/**
 * Sends the due outbox messages. Rows are claimed with FOR UPDATE SKIP LOCKED and marked
 * `sending` before the SMTP call, so several workers never pick the same row; a message is
 * sent under a Message-ID derived from its id, so a retry after an in-doubt send is recognisable.
 * Without a mailer (no SMTP_URL) messages are `captured` for the staff Outbox view.
 * One-time secrets (`sealed_secrets`) are put into the copy handed to the mailer only, and wiped from
 * the row once the message has left, was captured, or was given up: nobody can read them later.
 */
/**
 * How long a claimed batch is held before another worker may take it (`OUTBOX_LEASE_SECONDS`, default 120,
 * at least 15). Shorter means mail a killed worker held goes out sooner; it must stay well above the time a
 * batch of sends takes, or a slow batch is sent twice.
 */
export function outboxLeaseSeconds(): number {
  const configured = Number(process.env.OUTBOX_LEASE_SECONDS);
  return Number.isFinite(configured) && configured > 0 ? Math.max(15, Math.floor(configured)) : 120;
}

export async function dispatchOutbox(
  db: Db,
  mailer: Mailer,
  batchSize = 50,
  onOutcome: (outcome: DispatchOutcome) => void = () => {},
  /** Only these rows (tests: every test file shares one outbox table, and a pass would send everyone's mail). */
  onlyIds?: readonly string[],
): Promise<DispatchResult> {
  const result: DispatchResult = { sent: 0, captured: 0, retried: 0, failed: 0 };
  const claimed = await db.transaction(async (tx) => {
    const due = await tx
      .select({ id: outbox.id })
      .from(outbox)
      .where(and(inArray(outbox.status, ['pending', 'sending']), lte(outbox.nextAttemptAt, sql`now()`), onlyIds ? inArray(outbox.id, [...onlyIds]) : undefined))
      .orderBy(outbox.nextAttemptAt)
      .limit(batchSize)
      .for('update', { skipLocked: true });
    if (due.length === 0) return [];
    // A row left in `sending` by a killed worker becomes due again after this lease.
    return tx
      .update(outbox)
      .set({ status: 'sending', attempts: sql`${outbox.attempts} + 1`, nextAttemptAt: sql`now() + make_interval(secs => ${outboxLeaseSeconds()})` })
      .where(inArray(outbox.id, due.map((d) => d.id)))
      .returning();
  });

  for (const message of claimed) {
    if (!mailer) {
      // Captured mail is never sent, so its secret is never needed (the admin saw an invitation link once).
      await db.update(outbox).set({ status: 'captured', sentAt: new Date(), lastError: null, sealedSecrets: null }).where(eq(outbox.id, message.id));
      result.captured++;
      onOutcome({ id: message.id, kind: message.kind, requestId: message.requestId, status: 'captured', attempts: message.attempts });
      continue;
    }
    try {
      const payload = await revealOutboxSecrets(db, message.payload, message.sealedSecrets);
      const attachments = await resolveAttachments(db, message.payload.attachments);
      const providerMessageId = await mailer.send({ ...message, payload, sealedSecrets: null, attachments });
      await db.update(outbox).set({ status: 'sent', sentAt: new Date(), providerMessageId, lastError: null, sealedSecrets: null }).where(eq(outbox.id, message.id));
      result.sent++;
      onOutcome({ id: message.id, kind: message.kind, requestId: message.requestId, status: 'sent', attempts: message.attempts });
    } catch (error) {
      const lastError = error instanceof Error ? error.message.slice(0, 1000) : String(error);
      const giveUp = message.attempts >= MAX_ATTEMPTS || error instanceof PermanentSendError;
      await db
        .update(outbox)
        .set({
          status: giveUp ? 'failed' : 'pending',
          lastError,
          ...(giveUp ? { sealedSecrets: null } : {}),
          nextAttemptAt: sql`now() + make_interval(secs => ${backoffSeconds(message.attempts)})`,
        })
        .where(eq(outbox.id, message.id));
      if (giveUp) result.failed++;
      else result.retried++;
      onOutcome({ id: message.id, kind: message.kind, requestId: message.requestId, status: giveUp ? 'failed' : 'retry', attempts: message.attempts, error: lastError });
    }
  }
  return result;
}
