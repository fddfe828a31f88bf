import 'server-only';
import { createHash, timingSafeEqual } from 'node:crypto';
import type { Db } from '@/db';
import { orders } from '@/db/schema';
import { AppError } from '@/lib/errors';
import { type Backoff, type Limit, refundAttempt, resetLimit, takeAttempt } from '@/lib/rate-limit/rate-limit';
import { orderNumberIs } from '@/lib/core/order-number';
import { resolveOrderNumber } from './queries';
import { compactOrderNumber, type LookupOrderInput, lookupOrderSchema, normalizeEmail, normalizePostalCode, parseContact } from './schemas';

const HOUR = 3600;

/**
 * Postal codes are guessable (ten common ones cover most customers, and they only ever open the
 * redacted view): at most 3 wrong postal codes per order per hour, from all addresses together.
 * The owner is not locked out by this: the email or a one-time email link still opens the order.
 */
export const postalCodePerOrder: Limit = { bucket: 'lookup_postal', max: 3, windowSeconds: HOUR };

/**
 * Slow the attacker, not the owner: failures count per order AND client address (an attacker
 * elsewhere cannot slow the owner down), and per client address (one address sweeping many order
 * numbers). Instead of a hard lock, each attempt past the free ones waits twice as long as the last.
 */
export const lookupPerOrderAndClient: Backoff = { bucket: 'lookup_order_client', free: 5, windowSeconds: HOUR, baseDelaySeconds: 30, maxDelaySeconds: 15 * 60 };
export const lookupPerClient: Backoff = { bucket: 'lookup_client', free: 10, windowSeconds: HOUR, baseDelaySeconds: 30, maxDelaySeconds: 15 * 60 };

function sameSecret(a: string, b: string): boolean {
  const digest = (value: string) => createHash('sha256').update(value).digest();
  return timingSafeEqual(digest(a), digest(b));
}

/** `verified`: the order's email was given (full view); `redacted`: the postal code (the tracking-link view). */
export type LookupResult = { orderId: string; orderNumber: string; locale: string; level: 'verified' | 'redacted' };

/**
 * Finds an order from its number plus the email or delivery postal code on it.
 * Every mismatch is the same `not_found`, so nobody learns which part was wrong. Every attempt is
 * counted atomically BEFORE the comparison (so parallel attempts cannot slip past a limit) and given
 * back when it succeeds.
 */
export async function lookupOrder(ctx: { db: Db; clientKey: string }, input: LookupOrderInput): Promise<LookupResult> {
  const { orderNumber, contact } = lookupOrderSchema.parse(input);
  const { db, clientKey } = ctx;
  // However it was typed (`KK 204131`, `204131`): the shop's own spelling, so every spelling of one
  // order counts against the same limits. A number that matches nothing is counted in its compact form.
  const resolved = await resolveOrderNumber(db, orderNumber);
  const number = resolved ?? compactOrderNumber(orderNumber);
  const given = parseContact(contact);
  const pairKey = `${number}|${clientKey}`.slice(0, 200);

  const limits: Array<[Limit | Backoff, string]> = [
    [lookupPerClient, clientKey],
    [lookupPerOrderAndClient, pairKey],
    ...(given.kind === 'postalCode' ? ([[postalCodePerOrder, number]] as Array<[Limit, string]>) : []),
  ];
  for (const [limit, key] of limits) {
    const attempt = await takeAttempt(db, limit, key);
    if (!attempt.allowed) throw new AppError('rate_limited', 'Too many attempts.', { retryAfterSeconds: attempt.retryAfterSeconds });
  }

  const [order] = resolved
    ? await db
        .select({ id: orders.id, orderNumber: orders.orderNumber, email: orders.email, postalCode: orders.shippingPostalCode, locale: orders.locale })
        .from(orders)
        .where(orderNumberIs(resolved))
        .limit(1)
    : [];

  const expected = !order ? '' : given.kind === 'email' ? normalizeEmail(order.email) : normalizePostalCode(order.postalCode);
  // Compare even when no order matched, so a miss takes as long as a wrong second factor.
  const matches = sameSecret(expected || '\u0000', given.value) && Boolean(order);

  if (!order || !matches) throw new AppError('not_found', 'No order matches these details.');
  // Not a failure: the attempts taken above are given back.
  await Promise.all([
    resetLimit(db, lookupPerOrderAndClient, pairKey),
    refundAttempt(db, lookupPerClient, clientKey),
    given.kind === 'postalCode' ? refundAttempt(db, postalCodePerOrder, number) : Promise.resolve(),
  ]);
  return { orderId: order.id, orderNumber: order.orderNumber, locale: order.locale, level: given.kind === 'email' ? 'verified' : 'redacted' };
}
