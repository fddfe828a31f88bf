/**
 * Our codes on the shop's platform (issue #15): when the order came from a Shopify or WooCommerce integration, a
 * goodwill discount or free-shipping code and a store credit (goodwill or a return's) are also created there with
 * the SAME code string, so the code in our email works at the shop's checkout. Two steps, like every call out of
 * the worker (the model is lib/platforms/exchange-orders.ts):
 * - `platformCodesSubscriber` (on `compensation.issued`) only writes a `pending` row per compensation (no network
 *   I/O in a subscriber); a replayed event finds the row and writes nothing. Orders of our own get no row.
 * - `createDuePlatformCodes` (the worker's loop) claims due rows (FOR UPDATE SKIP LOCKED, leased past the call's
 *   timeout), calls the platform, and settles each in one transaction with its audit event: `created` with the
 *   platform's id (`compensation.platform_code_created`) and THEN the customer's email with the code; or on a
 *   refusal — or after the last retry — `failed` with the platform's message (`compensation.platform_code_failed`,
 *   "action needed" on the case's goodwill panel, no email) until staff try again (./retry-platform-code.ts).
 */
import { and, eq, sql } from 'drizzle-orm';
import type { Db, Tx } from '@/db';
import { cases, compensationPlatformCodes, compensations, orders, platformOrders, refunds, returns } from '@/db/schema';
import type { Actor } from '@/lib/core/actor';
import { recordEvent, type Subscriber } from '@/lib/core/events';
import { openIntegration } from './integrations';
import type { OpenIntegration, PlatformResult } from './platform';
import { platformCodeNote, type PlatformCodeInput, type PlatformCodeRef } from './platform-code-input';
import { createShopifyPlatformCode } from './shopify/platform-code';
import { createWooPlatformCode } from './woocommerce/platform-code';
import { queueRefundIssuedEmail, returnCreditIssued } from '@/lib/returns/resolution-emails';
import { queueCompensationEmail } from '@/lib/compensations/compensation-email';
import { type CodePlatform, PLATFORM_CODE_KIND, platformOfOrder } from '@/lib/compensations/platform-code-target';

const SYSTEM: Actor = { type: 'system' };

/** Seconds before the 2nd, 3rd, … attempt; after the last one the row fails and staff act. */
export const PLATFORM_CODE_RETRY_SECONDS = [30, 120, 600, 1800, 7200] as const;
const LEASE_MS = 60_000;

export type PlatformCodeConnector = (integration: OpenIntegration, input: PlatformCodeInput, signal?: AbortSignal) => Promise<PlatformResult<PlatformCodeRef>>;
export const PLATFORM_CODE_CONNECTORS: Record<CodePlatform, PlatformCodeConnector> = { shopify: createShopifyPlatformCode, woocommerce: createWooPlatformCode };

export const platformCodesSubscriber: Subscriber = {
  name: 'compensations.platform_codes',
  types: ['compensation.issued'],
  async handle(tx, event) {
    const data = event.data as { compensationId: string; orderId: string; kind: string; code?: string | null };
    if (!data.code || !PLATFORM_CODE_KIND[data.kind]) return;
    const target = await platformOfOrder(tx, data.orderId);
    if (!target) return;
    await tx
      .insert(compensationPlatformCodes)
      .values({ compensationId: data.compensationId, orderId: data.orderId, integrationId: target.integrationId, eventId: event.eventId, nextAttemptAt: event.occurredAt })
      .onConflictDoNothing();
  },
};

type Claimed = {
  compensationId: string;
  orderId: string;
  caseId: string | null;
  returnId: string | null;
  kind: string;
  attempts: number;
  integration: OpenIntegration | null;
  input: PlatformCodeInput | null;
};

export type CreatePlatformCodesResult = { created: number; retrying: number; failed: number };

/** Creates every code that is due on its platform, one at a time; the worker runs it when woken and on a timer. */
export async function createDuePlatformCodes(
  db: Db,
  options: { now?: () => Date; connectors?: Record<CodePlatform, PlatformCodeConnector>; retrySeconds?: readonly number[]; batch?: number } = {},
): Promise<CreatePlatformCodesResult> {
  const total: CreatePlatformCodesResult = { created: 0, retrying: 0, failed: 0 };
  for (let i = 0; i < (options.batch ?? 20); i++) {
    const claimed = await claimNext(db, options.now?.() ?? new Date());
    if (!claimed) break;
    const connector = claimed.integration ? (options.connectors ?? PLATFORM_CODE_CONNECTORS)[claimed.integration.platform as CodePlatform] : undefined;
    const result: PlatformResult<PlatformCodeRef> =
      !claimed.integration || !connector
        ? { ok: false, retryable: false, message: 'The shop integration this order came from is gone or its secrets no longer open.' }
        : !claimed.input
          ? { ok: false, retryable: false, message: 'The compensation has no code to create.' }
          : await connector(claimed.integration, claimed.input).catch((error: unknown) => ({ ok: false as const, retryable: true, message: error instanceof Error ? error.message : String(error) }));
    total[await settle(db, claimed, result, options.now?.() ?? new Date(), options.retrySeconds ?? PLATFORM_CODE_RETRY_SECONDS)] += 1;
  }
  return total;
}

async function claimNext(db: Db, now: Date): Promise<Claimed | null> {
  return db.transaction(async (tx) => {
    const [row] = await tx
      .select()
      .from(compensationPlatformCodes)
      .where(and(eq(compensationPlatformCodes.status, 'pending'), sql`${compensationPlatformCodes.nextAttemptAt} <= ${now.toISOString()}::timestamptz`))
      .orderBy(compensationPlatformCodes.nextAttemptAt)
      .limit(1)
      .for('update', { skipLocked: true });
    if (!row) return null;
    const attempts = row.attempts + 1;
    await tx
      .update(compensationPlatformCodes)
      .set({ attempts, nextAttemptAt: new Date(now.getTime() + LEASE_MS), updatedAt: now })
      .where(eq(compensationPlatformCodes.compensationId, row.compensationId));
    const [facts] = await tx
      .select({ comp: compensations, email: orders.email, orderNumber: orders.orderNumber, externalId: platformOrders.externalId, rma: returns.rmaNumber, caseNumber: cases.number })
      .from(compensations)
      .innerJoin(orders, eq(orders.id, compensations.orderId))
      .innerJoin(platformOrders, and(eq(platformOrders.orderId, compensations.orderId), eq(platformOrders.integrationId, row.integrationId)))
      .leftJoin(returns, eq(returns.id, compensations.returnId))
      .leftJoin(cases, eq(cases.id, compensations.caseId))
      .where(eq(compensations.id, row.compensationId));
    const kind = facts ? PLATFORM_CODE_KIND[facts.comp.kind] : undefined;
    const input: PlatformCodeInput | null =
      facts && kind && facts.comp.code
        ? {
            kind,
            code: facts.comp.code,
            amount: kind === 'free_shipping' ? 0 : facts.comp.amount,
            currency: facts.comp.currency,
            email: facts.email,
            orderExternalId: facts.externalId,
            note: platformCodeNote({ rma: facts.rma, caseNumber: facts.caseNumber, orderNumber: facts.orderNumber }),
          }
        : null;
    return {
      compensationId: row.compensationId,
      orderId: row.orderId,
      caseId: facts?.comp.caseId ?? null,
      returnId: facts?.comp.returnId ?? null,
      kind: facts?.comp.kind ?? 'unknown',
      attempts,
      integration: await openIntegration(tx, row.integrationId),
      input,
    };
  });
}

async function settle(db: Db, claimed: Claimed, result: PlatformResult<PlatformCodeRef>, now: Date, retrySeconds: readonly number[]): Promise<keyof CreatePlatformCodesResult> {
  return db.transaction(async (tx) => {
    const where = and(eq(compensationPlatformCodes.compensationId, claimed.compensationId), eq(compensationPlatformCodes.status, 'pending'), eq(compensationPlatformCodes.attempts, claimed.attempts));
    const facts = { compensationId: claimed.compensationId, orderId: claimed.orderId, kind: claimed.kind, platform: claimed.integration?.platform ?? 'unknown' };
    if (result.ok) {
      const moved = await tx
        .update(compensationPlatformCodes)
        .set({ status: 'created', externalId: result.value.id, lastError: null, nextAttemptAt: null, updatedAt: now })
        .where(where)
        .returning({ id: compensationPlatformCodes.compensationId });
      if (moved.length > 0) {
        await recordEvent(tx, { actor: SYSTEM, type: 'compensation.platform_code_created', caseId: claimed.caseId, data: { ...facts, externalId: result.value.id } });
        await queueCodeEmails(tx, claimed, now);
      }
      return 'created';
    }
    const message = result.message.slice(0, 2000);
    const delay = result.retryable ? retrySeconds[claimed.attempts - 1] : undefined;
    if (delay !== undefined) {
      await tx.update(compensationPlatformCodes).set({ lastError: message, nextAttemptAt: new Date(now.getTime() + delay * 1000), updatedAt: now }).where(where);
      return 'retrying';
    }
    const moved = await tx
      .update(compensationPlatformCodes)
      .set({ status: 'failed', lastError: message, nextAttemptAt: null, updatedAt: now })
      .where(where)
      .returning({ id: compensationPlatformCodes.compensationId });
    if (moved.length > 0) await recordEvent(tx, { actor: SYSTEM, type: 'compensation.platform_code_failed', caseId: claimed.caseId, data: { ...facts, message: message.slice(0, 500), attempts: claimed.attempts } });
    return 'failed';
  });
}

/**
 * The emails that carry the code, held back until the platform had it: the compensation's own, and for a return
 * settled in store credit alone its "refund issued" (a return with a refund says so once the refund succeeded,
 * naming the code if it works by then).
 */
async function queueCodeEmails(tx: Tx, claimed: Claimed, now: Date): Promise<void> {
  await queueCompensationEmail(tx, claimed.compensationId);
  if (!claimed.returnId || claimed.kind !== 'store_credit') return;
  const [refund] = await tx.select({ id: refunds.id }).from(refunds).where(eq(refunds.returnId, claimed.returnId)).limit(1);
  if (refund) return;
  await queueRefundIssuedEmail(tx, { returnId: claimed.returnId, refund: 0, credit: await returnCreditIssued(tx, claimed.returnId), issuedAt: now });
}
