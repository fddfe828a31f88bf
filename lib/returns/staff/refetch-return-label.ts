import { eq } from 'drizzle-orm';
import { returns } from '@/db/schema';
import type { Ctx } from '@/lib/core/actor';
import { authorize } from '@/lib/core/authorize';
import { AppError } from '@/lib/errors';
import { fetchCarrierLabel, type LabelFetchOutcome } from '@/lib/labels/fetch-carrier-label';
import { approveReturnSchema } from './schemas';

/**
 * Staff's "fetch label again" for a return booked with the carrier whose label is still missing: asks the carrier
 * for the label of the booking made (never books again). `nothing_to_fetch` when the label is already there.
 */
export async function refetchReturnLabel(ctx: Ctx, raw: { returnId: string }): Promise<{ outcome: LabelFetchOutcome }> {
  const actor = authorize(ctx.actor, 'returns.process');
  const input = approveReturnSchema.parse(raw);
  const [ret] = await ctx.db.select({ shipmentId: returns.returnShipmentId }).from(returns).where(eq(returns.id, input.returnId));
  if (!ret) throw new AppError('not_found', 'No such return.');
  if (!ret.shipmentId) throw new AppError('invalid_state', 'The return has no label yet.');
  return { outcome: await fetchCarrierLabel(ctx.db, { shipmentId: ret.shipmentId, actor }) };
}
