import { and, eq, sql } from 'drizzle-orm';
import { domainEvents } from '@/db/schema';
import type { Subscriber } from '@/lib/core/events';
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
      .where(and(eq(domainEvents.txId, event.txId), eq(domainEvents.type, 'return.label_issued'), sql`${domainEvents.data}->>'returnId' = ${data.returnId}`))
      .limit(1);
    if (!label) await queueReturnEmail(tx, { returnId: data.returnId, step: 'approved' });
  },
};

export const RETURN_SUBSCRIBERS: readonly Subscriber[] = [returnEmailsSubscriber];
