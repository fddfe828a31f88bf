import type { Ctx } from '@/lib/core/actor';
import { authorize } from '@/lib/core/authorize';
import { AppError } from '@/lib/core/errors';
import { findStoreCredit } from './queries';
import type { StoreCreditBalance } from './schemas';

/** GET /api/v1/store-credits/{code}: the balance, for the shop's checkout. */
export async function getStoreCredit(ctx: Ctx, code: string): Promise<StoreCreditBalance> {
  authorize(ctx.actor, 'api:store_credits:read');
  const credit = await findStoreCredit(ctx.db, code);
  if (!credit) throw new AppError('not_found', `Store credit ${code} not found.`);
  return credit;
}
