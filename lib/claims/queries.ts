import { and, count, eq } from 'drizzle-orm';
import type { DbOrTx } from '@/db';
import { cases, claims, orderLines, photos, shipments } from '@/db/schema';
import type { ClaimRemedy, ClaimType } from './state';

export type CustomerClaimDto = {
  id: string;
  type: ClaimType;
  status: 'open' | 'approved' | 'rejected' | 'resolved';
  remedy: ClaimRemedy | null;
  description: string | null;
  createdAt: string;
  caseNumber: number | null;
  lines: Array<{ title: string; quantity: number }>;
  parcel: { carrier: string; trackingNumber: string } | null;
  photoCount: number;
};

/** One claim of an order the caller already has access to (null when it belongs elsewhere). */
export async function getCustomerClaim(db: DbOrTx, orderId: string, claimId: string): Promise<CustomerClaimDto | null> {
  const [claim] = await db.select().from(claims).where(and(eq(claims.id, claimId), eq(claims.orderId, orderId))).limit(1);
  if (!claim) return null;
  const [lines, [parcel], [photoCount], [openCase]] = await Promise.all([
    db.select({ id: orderLines.id, title: orderLines.title }).from(orderLines).where(eq(orderLines.orderId, orderId)),
    claim.shipmentId
      ? db.select({ carrier: shipments.carrier, trackingNumber: shipments.trackingNumber }).from(shipments).where(eq(shipments.id, claim.shipmentId))
      : Promise.resolve([]),
    db.select({ n: count() }).from(photos).where(eq(photos.claimId, claim.id)),
    db.select({ number: cases.number }).from(cases).where(eq(cases.claimId, claim.id)).limit(1),
  ]);
  const titleOf = new Map(lines.map((l) => [l.id, l.title]));
  return {
    id: claim.id,
    type: claim.type,
    status: claim.status,
    remedy: claim.requestedRemedy === 'investigate' ? null : claim.requestedRemedy,
    description: claim.description,
    createdAt: claim.createdAt.toISOString(),
    caseNumber: openCase?.number ?? null,
    lines: (claim.lines ?? []).map((l) => ({ title: titleOf.get(l.orderLineId) ?? '', quantity: l.quantity })),
    parcel: parcel ?? null,
    photoCount: photoCount?.n ?? 0,
  };
}
