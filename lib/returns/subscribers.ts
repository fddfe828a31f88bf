import { and, eq, sql } from 'drizzle-orm';
import { domainEvents, refunds } from '@/db/schema';
import { refundDestination } from '@/lib/refunds/refund-state';
import { queueRefundIssuedEmail, returnCreditIssued } from './resolution-emails';
import { isPublicEvent, type Subscriber } from '@/lib/core/events';
import { queueReturnEmail } from './return-emails';

/**
 * The customer's emails for a submitted return, queued from the event log after submitReturn commits.
 * Idempotent: the outbox dedupe key is one per return and step (`return:<returnId>:<step>`).
 *
 * - `return.requested` waiting for staff (not auto-approved) → the "requested" email.
 * - `return.approved` by the auto-approve rule whose label could not be made in that same transaction (no
 *   `return.label_issued` event of the return in it) → the "approved" email; when the label was made, the
 *   label email (queued by issueReturnLabel) is the one the customer gets.
 */
export const returnEmailsSubscriber: Subscriber = {
  name: 'returns.customer_emails',
  types: ['return.requested', 'return.approved'],
  async handle(tx, event) {
    const data = event.data as { returnId: string; autoApprove?: boolean; rule?: string };
    if (event.type === 'return.requested') {
      if (data.autoApprove === false) await queueReturnEmail(tx, { returnId: data.returnId, step: 'requested' });
      return;
    }
    if (data.rule !== 'auto_approve') return;
    const [label] = await tx
      .select({ id: domainEvents.id })
      .from(domainEvents)
      .where(and(isPublicEvent(), eq(domainEvents.txId, event.txId), eq(domainEvents.type, 'return.label_issued'), sql`${domainEvents.data}->>'returnId' = ${data.returnId}`))
      .limit(1);
    if (!label) await queueReturnEmail(tx, { returnId: data.returnId, step: 'approved' });
  },
};

/**
 * "Refund issued" — only once the money moved: `refund.succeeded` of a return's refund queues the email with
 * the amount, the day it settled and where it went (the rail), plus any store credit of the same return.
 * Idempotent: one email per return (outbox dedupe key `return:<returnId>:refund_issued`).
 */
export const refundIssuedEmailSubscriber: Subscriber = {
  name: 'returns.refund_issued_email',
  types: ['refund.succeeded'],
  async handle(tx, event) {
    const data = event.data as { refundId: string };
    const [refund] = await tx.select().from(refunds).where(eq(refunds.id, data.refundId)).limit(1);
    if (!refund?.returnId || refund.status !== 'succeeded') return;
    await queueRefundIssuedEmail(tx, {
      returnId: refund.returnId,
      refund: refund.amount,
      credit: await returnCreditIssued(tx, refund.returnId),
      issuedAt: refund.settledAt ?? event.occurredAt,
      destination: refundDestination(refund.rail),
    });
  },
};

export const RETURN_SUBSCRIBERS: readonly Subscriber[] = [returnEmailsSubscriber, refundIssuedEmailSubscriber];
