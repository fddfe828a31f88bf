import { and, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { Db, Tx } from '@/db';
import { orderLines, orders, refundAttempts, refunds, returnItems, type Refund } from '@/db/schema';
import { recordEvent } from '@/lib/core/events';
import type { Actor } from '@/lib/core/actor';
import type { RefundAttemptLine, RefundAttemptRequest, RefundAttemptResult, RefundRail } from '@/lib/core/refund-rail';
import { pickRail, railById } from './rails';
import { MAX_ATTEMPTS, RETRY_DELAYS_SECONDS, retryDelaySeconds } from './refund-state';

const SYSTEM: Actor = { type: 'system' };

export type ExecuteRefundsOptions = {
  /** Every rail, in order (lib/refund-rails.ts REFUND_RAILS; tests pass their own). */
  rails: readonly RefundRail[];
  /** The clock (tests move it forward to make retries due). */
  now?: () => Date;
  /** One attempt's limit; past it the attempt is a timeout and is retried with the same idempotency key. */
  timeoutMs?: number;
  /** How long a claim holds a refund (timeout + 30 s): after it a killed worker's refund is due again. */
  leaseMs?: number;
  retryDelaysSeconds?: readonly number[];
  /** Refunds per pass. */
  batch?: number;
  /** Only this order's refunds (tests share one database). */
  orderId?: string;
};

export type ExecuteRefundsResult = { succeeded: number; processing: number; retrying: number; failed: number };

const DEFAULT_TIMEOUT_MS = 25_000;

type Claimed = { refund: Refund; attemptNo: number; rail: RefundRail; request: RefundAttemptRequest };

/**
 * Carries out every refund that is due, one at a time: requested ones, and processing ones whose retry (or
 * lease) fell due. The worker runs it when woken (refund.requested commits NOTIFY) and on a timer.
 */
export async function executeDueRefunds(db: Db, options: ExecuteRefundsOptions): Promise<ExecuteRefundsResult> {
  const total: ExecuteRefundsResult = { succeeded: 0, processing: 0, retrying: 0, failed: 0 };
  const batch = options.batch ?? 50;
  for (let i = 0; i < batch; i++) {
    const claimed = await claimNext(db, options);
    if (!claimed) break;
    const result = await runAttempt(db, claimed, options);
    const settled = await settleAttempt(db, claimed, result, options);
    total[settled] += 1;
  }
  return total;
}

/**
 * Claims one due refund (FOR UPDATE SKIP LOCKED: two workers never take the same one) and, in the same
 * transaction, picks its rail (first attempt), marks an attempt a killed worker left in flight `abandoned`,
 * writes the new attempt row (unique per refund and number) and leases the refund past the attempt's timeout.
 * It commits before the rail is called: an attempt number is executed at most once.
 */
async function claimNext(db: Db, options: ExecuteRefundsOptions): Promise<Claimed | null> {
  const now = options.now?.() ?? new Date();
  const rails = options.rails;
  const leaseMs = options.leaseMs ?? (options.timeoutMs ?? DEFAULT_TIMEOUT_MS) + 30_000;
  return db.transaction(async (tx) => {
    const [refund] = await tx
      .select()
      .from(refunds)
      .where(
        and(
          inArray(refunds.status, ['requested', 'processing']),
          sql`${refunds.nextAttemptAt} <= ${now.toISOString()}::timestamptz`,
          options.orderId ? eq(refunds.orderId, options.orderId) : undefined,
        ),
      )
      .orderBy(refunds.nextAttemptAt)
      .limit(1)
      .for('update', { skipLocked: true });
    if (!refund) return null;
    const rail = refund.rail ? railById(refund.rail, rails) : await pickRail(tx, refund.orderId, rails);
    if (!rail) {
      // A rail that is no longer registered: nothing can carry it, staff must act.
      await failRefund(tx, refund, { message: `Refund rail ${refund.rail} is not available`, code: 'rail_unavailable' }, now);
      return null;
    }
    const attemptNo = refund.attempts + 1;
    await tx
      .update(refundAttempts)
      .set({ outcome: 'abandoned', finishedAt: now, providerMessage: 'The worker stopped during this attempt; the next one reuses the idempotency key.' })
      .where(and(eq(refundAttempts.refundId, refund.id), isNull(refundAttempts.outcome)));
    await tx.insert(refundAttempts).values({ refundId: refund.id, attemptNo, rail: rail.id, startedAt: now });
    await tx
      .update(refunds)
      .set({ status: 'processing', rail: rail.id, attempts: attemptNo, nextAttemptAt: new Date(now.getTime() + leaseMs), updatedAt: now })
      .where(eq(refunds.id, refund.id));
    if (refund.status === 'requested') {
      await recordEvent(tx, { actor: SYSTEM, type: 'refund.processing', caseId: refund.caseId, orderId: refund.orderId, data: { refundId: refund.id, rail: rail.id, attemptNo } });
    }
    return { refund: { ...refund, rail: rail.id }, attemptNo, rail, request: await attemptRequest(tx, refund, attemptNo) };
  });
}

async function attemptRequest(tx: Tx, refund: Refund, attemptNo: number): Promise<RefundAttemptRequest> {
  const [order] = await tx
    .select({ id: orders.id, orderNumber: orders.orderNumber, externalId: orders.externalId, currency: orders.currency, paymentMethod: orders.paymentMethod })
    .from(orders)
    .where(eq(orders.id, refund.orderId));
  let lines: RefundAttemptLine[] = [];
  if (refund.returnId) {
    const rows = await tx
      .select({ orderLineId: orderLines.id, externalLineId: orderLines.externalId, sku: orderLines.sku, quantity: returnItems.receivedQuantity, grade: returnItems.inspectionGrade })
      .from(returnItems)
      .innerJoin(orderLines, eq(orderLines.id, returnItems.orderLineId))
      .where(and(eq(returnItems.returnId, refund.returnId), eq(returnItems.resolution, 'refund')));
    lines = rows
      .filter((row) => row.quantity > 0)
      .map((row) => ({ orderLineId: row.orderLineId, externalLineId: row.externalLineId, sku: row.sku, quantity: row.quantity, restock: row.grade === 'as_new' || row.grade === 'opened' }));
  }
  return {
    refundId: refund.id,
    attemptNo,
    idempotencyKey: refund.idempotencyKey,
    order: order!,
    amount: refund.amount,
    currency: refund.currency,
    lines,
    reason: refund.reason,
  };
}

/**
 * Calls the rail once, with a hard limit: an attempt that does not answer in time is a timeout. The rail gets the
 * database (the claim has committed; platform rails read the order's link and credentials, the bank-transfer rail
 * queues the payout), never the refund row in its place.
 */
async function runAttempt(db: Db, claimed: Claimed, options: ExecuteRefundsOptions): Promise<RefundAttemptResult & { timedOut?: boolean }> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const controller = new AbortController();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<RefundAttemptResult & { timedOut: true }>((resolve) => {
    timer = setTimeout(() => {
      controller.abort();
      resolve({ outcome: 'failed', retryable: true, message: `No answer from the ${claimed.rail.id} rail within ${timeoutMs} ms`, providerCode: 'timeout', timedOut: true });
    }, timeoutMs);
  });
  try {
    return await Promise.race([
      claimed.rail.execute(db, claimed.request, controller.signal).catch(
        (error: unknown): RefundAttemptResult => ({ outcome: 'failed', retryable: true, message: error instanceof Error ? error.message : String(error) }),
      ),
      timeout,
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Records the attempt's outcome and moves the refund, in one transaction with its audit row (and the
 * refund.succeeded / refund.failed event). When a provider webhook settled the refund meanwhile, or a newer
 * attempt took over, only the attempt row is closed.
 */
async function settleAttempt(db: Db, claimed: Claimed, result: RefundAttemptResult & { timedOut?: boolean }, options: ExecuteRefundsOptions): Promise<keyof ExecuteRefundsResult> {
  const now = options.now?.() ?? new Date();
  const delays = options.retryDelaysSeconds ?? RETRY_DELAYS_SECONDS;
  return db.transaction(async (tx) => {
    const [refund] = await tx.select().from(refunds).where(eq(refunds.id, claimed.refund.id)).for('update');
    await tx
      .update(refundAttempts)
      .set({
        finishedAt: now,
        outcome: result.timedOut || (result.outcome === 'failed' && result.providerCode === 'timeout') ? 'timeout' : result.outcome,
        retryable: result.outcome === 'failed' ? result.retryable : null,
        providerMessage: result.outcome === 'failed' ? result.message.slice(0, 2000) : null,
        providerCode: result.outcome === 'failed' ? (result.providerCode ?? null) : null,
        providerReference: result.outcome === 'failed' ? null : result.providerReference,
      })
      .where(and(eq(refundAttempts.refundId, claimed.refund.id), eq(refundAttempts.attemptNo, claimed.attemptNo)));
    if (!refund || refund.status !== 'processing' || refund.attempts !== claimed.attemptNo) {
      return refund?.status === 'succeeded' ? 'succeeded' : refund?.status === 'failed' ? 'failed' : 'processing';
    }
    const audit = { caseId: refund.caseId, orderId: refund.orderId };
    if (result.outcome === 'succeeded') {
      await succeedRefund(tx, refund, result.providerReference, now);
      return 'succeeded';
    }
    if (result.outcome === 'processing') {
      // Accepted; the provider reports the end state by webhook (lib/refunds/stripe-webhook.ts).
      await tx.update(refunds).set({ providerReference: result.providerReference, nextAttemptAt: null, updatedAt: now }).where(eq(refunds.id, refund.id));
      await recordEvent(tx, { actor: SYSTEM, type: 'refund.accepted', ...audit, data: { refundId: refund.id, rail: refund.rail, providerReference: result.providerReference } });
      return 'processing';
    }
    const delay = result.retryable ? retryDelaySeconds(refund.attempts - refund.attemptBase, delays) : null;
    if (delay !== null && refund.attempts - refund.attemptBase < MAX_ATTEMPTS) {
      await tx
        .update(refunds)
        .set({ nextAttemptAt: new Date(now.getTime() + delay * 1000), failureMessage: result.message.slice(0, 2000), failureCode: result.providerCode ?? null, updatedAt: now })
        .where(eq(refunds.id, refund.id));
      await recordEvent(tx, { actor: SYSTEM, type: 'refund.retry_scheduled', ...audit, data: { refundId: refund.id, rail: refund.rail, attemptNo: claimed.attemptNo, inSeconds: delay, message: result.message.slice(0, 500) } });
      return 'retrying';
    }
    await failRefund(tx, refund, { message: result.message, code: result.providerCode ?? null }, now);
    return 'failed';
  });
}

/** processing → succeeded, with its audit row and the refund.succeeded event (the customer's email follows from it). */
export async function succeedRefund(tx: Tx, refund: Refund, providerReference: string | null, now: Date, actor: Actor = SYSTEM): Promise<void> {
  await tx
    .update(refunds)
    .set({ status: 'succeeded', providerReference: providerReference ?? refund.providerReference, settledAt: now, nextAttemptAt: null, failureMessage: null, failureCode: null, updatedAt: now })
    .where(eq(refunds.id, refund.id));
  const data = { refundId: refund.id, orderId: refund.orderId, amount: refund.amount, currency: refund.currency, rail: refund.rail, returnId: refund.returnId, compensationId: refund.compensationId };
  await recordEvent(tx, { type: 'refund.succeeded', actor, caseId: refund.caseId, data: { ...data, providerReference } });
}

/** → failed: the amount is free again (the trigger), staff see "Refund failed — action needed" with the message. */
export async function failRefund(tx: Tx, refund: Refund, failure: { message: string; code: string | null }, now: Date, actor: Actor = SYSTEM): Promise<void> {
  const message = failure.message.slice(0, 2000);
  await tx
    .update(refunds)
    .set({ status: 'failed', providerReference: refund.providerReference, nextAttemptAt: null, failureMessage: message, failureCode: failure.code, updatedAt: now })
    .where(eq(refunds.id, refund.id));
  const data = { refundId: refund.id, orderId: refund.orderId, amount: refund.amount, currency: refund.currency, rail: refund.rail, returnId: refund.returnId, compensationId: refund.compensationId };
  // One row: merchants see the refund's ids and amount, the provider's message and code stay on the staff timeline.
  await recordEvent(tx, { type: 'refund.failed', actor, caseId: refund.caseId, data: { ...data, message, code: failure.code } });
}
