import 'server-only';
import { cookies } from 'next/headers';
import { cache } from 'react';
import { getDb } from '@/db';
import { findOrderIdByNumber } from '@/lib/core/order-number';
import { getAppSecret } from '@/lib/settings/app-secret';
import { addGrant, type Grant, isVerifiedGrant, ORDER_ACCESS_COOKIE, readGrants, signGrants } from './grant-token';
import type { OrderGrants } from '@/lib/core/actor';

export { ORDER_ACCESS_COOKIE };
/** A successful lookup (or an opened tracking link or one-time email link) opens the order for one hour in that browser. */
export const ORDER_ACCESS_SECONDS = 60 * 60;

/**
 * What the customer proved: `verified` after a lookup with the order's email or a one-time link sent
 * to it (full view); `link` after opening a tracking link from an email (redacted view, LK-08). A
 * lookup with the postal code opens the same redacted view (postal codes are guessable).
 */
export type { AccessLevel, OrderAccess } from '@/lib/core/actor';

const nowSeconds = () => Math.floor(Date.now() / 1000);

function secureCookies(): boolean {
  return (process.env.APP_URL ?? '').startsWith('https://');
}

async function storeGrant(update: (grants: Grant[], now: number) => Grant[]): Promise<void> {
  const secret = await getAppSecret(getDb());
  const jar = await cookies();
  const now = nowSeconds();
  const grants = update(readGrants(secret, jar.get(ORDER_ACCESS_COOKIE)?.value, now), now);
  jar.set(ORDER_ACCESS_COOKIE, signGrants(secret, grants), {
    httpOnly: true,
    sameSite: 'lax',
    secure: secureCookies(),
    path: '/',
    maxAge: ORDER_ACCESS_SECONDS,
  });
}

/** Grants this browser the full view of one order (after a lookup with the email, or a redeemed one-time link). */
export async function grantOrderAccess(orderId: string): Promise<void> {
  await storeGrant((grants, now) => addGrant(grants, orderId, now + ORDER_ACCESS_SECONDS));
}

/**
 * Grants this browser the redacted link view of one order (called when a tracking link is opened).
 * Never downgrades a verified grant the browser already holds for that order.
 */
export async function grantLinkAccess(orderId: string, linkId: string, linkExpiresAt: Date): Promise<void> {
  await storeGrant((grants, now) =>
    addGrant(grants, orderId, Math.min(now + ORDER_ACCESS_SECONDS, Math.floor(linkExpiresAt.getTime() / 1000)), linkId),
  );
}

/**
 * Grants this browser the redacted view of one order (after a lookup with the postal code): the same
 * view a tracking link opens. Never downgrades a verified grant.
 */
export async function grantRedactedAccess(orderId: string): Promise<void> {
  await storeGrant((grants, now) => addGrant(grants, orderId, now + ORDER_ACCESS_SECONDS, { postalCode: true }));
}

/**
 * Order ids this browser holds grants for, by level: the cookie only; queries check links are still live.
 * `links` are tracking-link ids; `redacted` order ids opened with a postal code (redacted view).
 */
export type { OrderGrants };

export async function readOrderGrants(): Promise<OrderGrants> {
  const secret = await getAppSecret(getDb());
  const grants = readGrants(secret, (await cookies()).get(ORDER_ACCESS_COOKIE)?.value, nowSeconds());
  return {
    verified: grants.filter(isVerifiedGrant).map((g) => g.o),
    links: grants.flatMap((g) => (g.l === undefined ? [] : [g.l])),
    redacted: grants.filter((g) => g.r === 1 && g.l === undefined).map((g) => g.o),
  };
}

/**
 * A verified grant (a lookup with the email, or a one-time email link) for `orderId`. Every change
 * (returns, claims, uploads, withdrawal) and every unredacted read requires it: a tracking-link or
 * postal-code grant only opens the redacted view.
 */
export async function getVerifiedOrderAccess(orderId: string): Promise<{ orderId: string; level: 'verified' } | null> {
  const secret = await getAppSecret(getDb());
  const grants = readGrants(secret, (await cookies()).get(ORDER_ACCESS_COOKIE)?.value, nowSeconds());
  return grants.some((g) => g.o === orderId && isVerifiedGrant(g)) ? { orderId, level: 'verified' } : null;
}

/**
 * `getVerifiedOrderAccess` for the order a customer typed or a URL names: null alike for no such order
 * and for no verified grant, so a page cannot tell which.
 */
export const getVerifiedOrderAccessByNumber = cache(async (orderNumber: string): Promise<{ orderId: string; level: 'verified' } | null> => {
  // Once per render: the order page and its returns and "ask" sections each check it.
  const orderId = await findOrderIdByNumber(getDb(), orderNumber);
  return orderId ? getVerifiedOrderAccess(orderId) : null;
});
