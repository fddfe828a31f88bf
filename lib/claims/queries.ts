import { and, count, eq, sql } from 'drizzle-orm';
import type { DbOrTx } from '@/db';
import { cases, claims, orderLines, photos, shipments } from '@/db/schema';
import type { ClaimParcelFacts, ClaimRemedy, ClaimType } from './state';

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

/** The order's outbound parcels as the claim rules read them (one query; used by the form and the use case alike). */
export async function claimParcelFacts(db: DbOrTx, orderId: string): Promise<ClaimParcelFacts[]> {
  const rows = await db.execute<{ id: string; status: string; due_date: string | null; open_delay: boolean; lines: Array<{ orderLineId: string; quantity: number }> }>(sql`
    select s.id, s.status::text as status,
      coalesce(s.promised_date, s.carrier_eta, s.predicted_date)::text as due_date,
      exists (select 1 from delay_incidents di where di.shipment_id = s.id and di.resolved_at is null) as open_delay,
      coalesce((select json_agg(json_build_object('orderLineId', sl.order_line_id, 'quantity', sl.quantity)) from shipment_lines sl where sl.shipment_id = s.id), '[]'::json) as lines
    from shipments s
    where s.order_id = ${orderId} and s.direction = 'outbound'`);
  return rows.map((r) => ({ id: r.id, status: r.status, dueDate: r.due_date, openDelay: r.open_delay, lines: r.lines }));
}
