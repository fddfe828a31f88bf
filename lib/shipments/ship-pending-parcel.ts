import 'server-only';
import { and, eq } from 'drizzle-orm';
import { shipments } from '@/db/schema';
import type { Ctx } from '@/lib/core/actor';
import { authorize } from '@/lib/core/authorize';
import { AppError } from '@/lib/errors';
import { lockParcels } from '@/lib/tracking/ingest-events';
import { fillPendingParcel, pendingParcelsOf } from './fill-pending-parcel';
import { type ShipPendingParcelInput, shipPendingParcelSchema } from './schemas';

/**
 * Staff enter the carrier and tracking number of a parcel awaiting the shop (the return panel), for a shop
 * that does not report its shipments through the API or a platform: the same filling as theirs, in one
 * transaction with its event and the customer's email.
 */
export async function shipPendingParcel(ctx: Ctx, raw: ShipPendingParcelInput): Promise<void> {
  const actor = authorize(ctx.actor, 'returns.process');
  const input = shipPendingParcelSchema.parse(raw);
  await ctx.db.transaction(async (tx) => {
    await lockParcels(tx, [{ carrier: input.carrier, trackingNumber: input.trackingNumber }]);
    const [parcel] = await tx.select({ orderId: shipments.orderId }).from(shipments).where(eq(shipments.id, input.shipmentId));
    if (!parcel) throw new AppError('not_found', 'Parcel not found.');
    const awaited = (await pendingParcelsOf(tx, parcel.orderId)).find((p) => p.id === input.shipmentId);
    if (!awaited) throw new AppError('invalid_state', 'The parcel already has its tracking number.', { details: { reason: 'parcel_already_sent' } });
    const [taken] = await tx
      .select({ id: shipments.id })
      .from(shipments)
      .where(and(eq(shipments.carrier, input.carrier), eq(shipments.trackingNumber, input.trackingNumber)))
      .limit(1);
    if (taken) throw new AppError('conflict', 'Another parcel has this tracking number.', { details: { reason: 'tracking_number_taken' } });
    await fillPendingParcel(tx, actor, awaited, { carrier: input.carrier, trackingNumber: input.trackingNumber, shippedAt: new Date(), lines: [] }, 'staff');
  });
}
