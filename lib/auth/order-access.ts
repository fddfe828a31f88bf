import 'server-only';
import { cookies } from 'next/headers';
import { getDb } from '@/db';
import { getAppSecret } from '@/lib/settings/app-secret';
import { addGrant, readGrants, signGrants } from './grant-token';

export const ORDER_ACCESS_COOKIE = 'paluu_order_access';
/** A successful lookup opens the order for one hour in that browser. */
export const ORDER_ACCESS_SECONDS = 60 * 60;

/** What the customer proved: `verified` after a lookup with email or postal code. */
export type OrderAccess = { orderId: string; level: 'verified' };

const nowSeconds = () => Math.floor(Date.now() / 1000);

function secureCookies(): boolean {
  return (process.env.APP_URL ?? '').startsWith('https://');
}

/** Grants this browser access to one order (called after a successful lookup). */
export async function grantOrderAccess(orderId: string): Promise<void> {
  const secret = await getAppSecret(getDb());
  const jar = await cookies();
  const grants = addGrant(readGrants(secret, jar.get(ORDER_ACCESS_COOKIE)?.value, nowSeconds()), orderId, nowSeconds() + ORDER_ACCESS_SECONDS);
  jar.set(ORDER_ACCESS_COOKIE, signGrants(secret, grants), {
    httpOnly: true,
    sameSite: 'lax',
    secure: secureCookies(),
    path: '/',
    maxAge: ORDER_ACCESS_SECONDS,
  });
}

/** The access this browser holds for `orderId`, or null: every customer read requires it. */
export async function getOrderAccess(orderId: string): Promise<OrderAccess | null> {
  const secret = await getAppSecret(getDb());
  const jar = await cookies();
  const grants = readGrants(secret, jar.get(ORDER_ACCESS_COOKIE)?.value, nowSeconds());
  return grants.some((g) => g.o === orderId) ? { orderId, level: 'verified' } : null;
}
