import type { DbOrTx } from '@/db';
import type { RefundRail } from '@/lib/core/refund-rail';
import { demoRail } from './rails/demo';
import { klarnaRail } from './rails/klarna';
import { paytrailRail } from './rails/paytrail';
import { stripeRail } from './rails/stripe';

/**
 * The rails in order: the first whose `claims()` is true carries the refund (chosen at its first attempt and
 * kept for every retry). Adding a rail is one line here; the demo rail is last, the fallback.
 * These are the rails this domain owns; `lib/refund-rails.ts` (above every domain) puts the platform rails and
 * the bank transfer before them, and the worker passes that list.
 */
export const PROVIDER_RAILS: readonly RefundRail[] = [stripeRail, paytrailRail, klarnaRail, demoRail];

/** The rail that carries a refund of this order. */
export async function pickRail(db: DbOrTx, orderId: string, rails: readonly RefundRail[]): Promise<RefundRail> {
  for (const rail of rails) {
    if (await rail.claims(db, orderId)) return rail;
  }
  return demoRail;
}

export function railById(id: string, rails: readonly RefundRail[]): RefundRail | null {
  return rails.find((rail) => rail.id === id) ?? (id === demoRail.id ? demoRail : null);
}
