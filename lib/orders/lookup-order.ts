import 'server-only';
import { createHash, timingSafeEqual } from 'node:crypto';
import type { Db } from '@/db';
import { orders } from '@/db/schema';
import { AppError } from '@/lib/errors';
import { checkLimit, hitLimit, resetLimit, type Limit } from '@/lib/rate-limit/rate-limit';
import { orderNumberIs } from './queries';
import { type LookupOrderInput, lookupOrderSchema, normalizeEmail, normalizeOrderNumber, normalizePostalCode, parseContact } from './schemas';

const windowSeconds = Number(process.env.LOOKUP_WINDOW_MINUTES ?? 15) * 60;
const maxFailures = Number(process.env.LOOKUP_MAX_FAILURES ?? 10);

/** Failures per order number (a 5-digit postal code is guessable from many addresses) … */
export const lookupPerOrder: Limit = { bucket: 'lookup_order', max: maxFailures, windowSeconds };
/** … and per client address (one address sweeping many order numbers). */
export const lookupPerClient: Limit = { bucket: 'lookup_client', max: maxFailures, windowSeconds };

function sameSecret(a: string, b: string): boolean {
  const digest = (value: string) => createHash('sha256').update(value).digest();
  return timingSafeEqual(digest(a), digest(b));
}

export type LookupResult = { orderId: string; orderNumber: string; locale: string };

/**
 * Finds an order from its number plus the email or delivery postal code on it.
 * Every mismatch is the same `not_found`, so nobody learns which part was wrong;
 * failures are counted per order number and per client; a success clears the order's count.
 */
export async function lookupOrder(ctx: { db: Db; clientKey: string }, input: LookupOrderInput): Promise<LookupResult> {
  const { orderNumber, contact } = lookupOrderSchema.parse(input);
  const number = normalizeOrderNumber(orderNumber);
  const { db, clientKey } = ctx;

  for (const [limit, key] of [
    [lookupPerOrder, number],
    [lookupPerClient, clientKey],
  ] as const) {
    const state = await checkLimit(db, limit, key);
    if (state.blocked) throw new AppError('rate_limited', 'Too many attempts.', { retryAfterSeconds: state.retryAfterSeconds });
  }

  const [order] = await db
    .select({ id: orders.id, orderNumber: orders.orderNumber, email: orders.email, postalCode: orders.shippingPostalCode, locale: orders.locale })
    .from(orders)
    .where(orderNumberIs(number))
    .limit(1);

  const given = parseContact(contact);
  const expected = !order ? '' : given.kind === 'email' ? normalizeEmail(order.email) : normalizePostalCode(order.postalCode);
  // Compare even when no order matched, so a miss takes as long as a wrong second factor.
  const matches = sameSecret(expected || '\u0000', given.value) && Boolean(order);

  if (!order || !matches) {
    await hitLimit(db, lookupPerOrder, number);
    await hitLimit(db, lookupPerClient, clientKey);
    throw new AppError('not_found', 'No order matches these details.');
  }
  await resetLimit(db, lookupPerOrder, number);
  return { orderId: order.id, orderNumber: order.orderNumber, locale: order.locale };
}
