import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm';
import type { DbOrTx } from '@/db';
import { preparedQuery } from '@/db/prepared';
import { domainEvents, orders, refunds } from '@/db/schema';
import { isAuditRow } from '@/lib/core/events';
import { providerPaymentId, type PaymentProvider } from '@/lib/core/payment-methods';
import { customerRefundState, type RefundDestination, type RefundStatus } from './refund-state';

/** Whether the order was paid at this provider (its payment method names a payment there): the provider rails' claim. */
export async function orderPaidAt(db: DbOrTx, orderId: string, provider: PaymentProvider): Promise<boolean> {
  const [order] = await db.select({ paymentMethod: orders.paymentMethod }).from(orders).where(eq(orders.id, orderId)).limit(1);
  return providerPaymentId(provider, order?.paymentMethod) !== null;
}

export type StaffRefund = {
  id: string;
  amount: number;
  currency: string;
  status: RefundStatus;
  /** The rail's id (`demo`, `stripe`, …), null before the first attempt. */
  rail: string | null;
  providerReference: string | null;
  attempts: number;
  /** The provider's message of the last failed attempt (shown while failed, and while a retry waits). */
  failureMessage: string | null;
  failureCode: string | null;
  returnId: string | null;
  createdAt: string;
  settledAt: string | null;
  /** The provider's status when it differs from the ledger (a webhook or the nightly reconciliation saw it). */
  providerMismatch: string | null;
};

/** Every refund of an order for the desk, newest first: status, rail, the provider's message. */
export async function refundsOfOrder(db: DbOrTx, orderId: string): Promise<StaffRefund[]> {
  const rows = await db.select().from(refunds).where(eq(refunds.orderId, orderId)).orderBy(desc(refunds.createdAt), desc(refunds.id));
  const mismatches = rows.length
    ? await db
        .select({ refundId: sql<string>`${domainEvents.data}->>'refundId'`, provider: sql<string>`${domainEvents.data}->>'provider'` })
        .from(domainEvents)
        .where(and(isAuditRow(), eq(domainEvents.type, 'refund.provider_mismatch'), eq(domainEvents.orderId, orderId), inArray(sql`${domainEvents.data}->>'refundId'`, rows.map((r) => r.id))))
        .orderBy(asc(domainEvents.id))
    : [];
  const mismatchOf = (id: string) => mismatches.filter((m) => m.refundId === id).at(-1)?.provider ?? null;
  return rows.map((r) => ({
    providerMismatch: mismatchOf(r.id),
    id: r.id,
    amount: r.amount,
    currency: r.currency,
    status: r.status,
    rail: r.rail,
    providerReference: r.providerReference,
    attempts: r.attempts,
    failureMessage: r.failureMessage,
    failureCode: r.failureCode,
    returnId: r.returnId,
    createdAt: r.createdAt.toISOString(),
    settledAt: r.settledAt?.toISOString() ?? null,
  }));
}

export type CustomerRefund = {
  amount: number;
  currency: string;
  /** `issued` once the refund succeeded on its rail; `processing` before (and while staff sort out a failure). */
  state: 'processing' | 'issued';
  settledAt: string | null;
  destination: RefundDestination | null;
};

/**
 * What the customer's return page says of the return's refunds: "being processed" until a refund succeeded on
 * its rail, then "Refund of {amount} issued on {date} to {destination}". A failed one reads as being processed
 * (staff are on it); nothing is said of the rail or the provider's message.
 */
/** The return status page reads them on every view: prepared once (db/prepared.ts). */
const refundsOfReturn = preparedQuery((db) =>
  db
    .select({ amount: refunds.amount, currency: refunds.currency, status: refunds.status, rail: refunds.rail, settledAt: refunds.settledAt })
    .from(refunds)
    .where(eq(refunds.returnId, sql.placeholder('returnId')))
    .orderBy(asc(refunds.createdAt), asc(refunds.id))
    .prepare('refunds_of_return'),
);

export async function customerRefundsOfReturn(db: DbOrTx, returnId: string): Promise<CustomerRefund[]> {
  const rows = await refundsOfReturn(db).execute({ returnId });
  return rows.map((r) => {
    const state = customerRefundState(r);
    return state.kind === 'issued'
      ? { amount: r.amount, currency: r.currency, state: 'issued', settledAt: state.settledAt.toISOString(), destination: state.destination }
      : { amount: r.amount, currency: r.currency, state: 'processing', settledAt: null, destination: null };
  });
}
