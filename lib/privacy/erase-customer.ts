import 'server-only';
import type { Ctx } from '@/lib/core/actor';
import { recordEvent } from '@/lib/core/events';
import { type EraseCustomerInput, eraseCustomerSchema } from './schemas';
import { type ScrubCounts, scrubSubject } from './scrub';
import { findSubject } from './subject';
import { subjectHash } from './subject-hash';
import { authorize } from '@/lib/core/authorize';

export type EraseResult = { orders: number; cases: number; counts: ScrubCounts };

/**
 * GDPR art. 17: removes a customer's personal data from every table in one transaction.
 * Accounting records (orders' amounts, refunds, compensations, withdrawals) stay, pseudonymized.
 * The audit row holds a keyed hash of the address and the counts, never the address.
 */
export async function eraseCustomer(ctx: Ctx, input: EraseCustomerInput): Promise<EraseResult> {
  const actor = authorize(ctx.actor, 'privacy.manage');
  const { email } = eraseCustomerSchema.parse(input);
  const hash = await subjectHash(ctx.db, email);
  return ctx.db.transaction(async (tx) => {
    const subject = await findSubject(tx, email);
    const counts = await scrubSubject(tx, subject);
    await recordEvent(tx, {
      actor,
      type: 'privacy.erased',
      data: { subjectHash: hash, orders: subject.orderIds.length, cases: subject.caseIds.length, counts },
    });
    return { orders: subject.orderIds.length, cases: subject.caseIds.length, counts };
  });
}
