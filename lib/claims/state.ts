export const claimTypes = ['damaged', 'wrong_item', 'missing_item', 'not_received'] as const;
export type ClaimType = (typeof claimTypes)[number];
export const claimRemedies = ['replacement', 'refund', 'keep_with_partial_refund'] as const;
export type ClaimRemedy = (typeof claimRemedies)[number];

/**
 * What the customer may ask for per claim type (legal.md §3.2 C1: the consumer's requested remedy is
 * recorded; staff respond). Keeping a missing item is not a thing; "not received" is always
 * investigated with the carrier by the shop first (a delivery_issue case), so no remedy is asked.
 */
export function allowedRemedies(type: ClaimType): readonly ClaimRemedy[] {
  switch (type) {
    case 'damaged':
    case 'wrong_item':
      return claimRemedies;
    case 'missing_item':
      return ['replacement', 'refund'];
    case 'not_received':
      return [];
  }
}

/** Photos help with damage and wrong items; they are always optional (legal.md §3.2 C3). */
export function photosMakeSense(type: ClaimType): boolean {
  return type === 'damaged' || type === 'wrong_item';
}

/** A parcel marked delivered that never arrived is a carrier investigation, not a line claim. */
export function isParcelClaim(type: ClaimType): boolean {
  return type === 'not_received';
}

/** Item claims (damaged, wrong or missing item) are about goods in the customer's hands. */
export const itemClaimTypes: readonly ClaimType[] = ['damaged', 'wrong_item', 'missing_item'];

/** What the claim rules read of an outbound parcel. */
export type ClaimParcelFacts = {
  id: string;
  status: string;
  /** The date the customer was promised (shop's promise, else the carrier's ETA, else ours), 'YYYY-MM-DD'. */
  dueDate: string | null;
  /** An open delay incident on the parcel (stalled, no first scan, exception …). */
  openDelay: boolean;
  lines: ReadonlyArray<{ orderLineId: string; quantity: number }>;
};

/**
 * "I never got the parcel": a parcel marked delivered that never arrived, or one that is late — an open delay
 * incident, past its date, a carrier exception or on its way back. A parcel on its way and on time is not
 * "not received" yet; a cancelled one was never sent.
 */
export function parcelMayBeNotReceived(p: ClaimParcelFacts, today: string): boolean {
  if (p.status === 'delivered') return true;
  if (p.status === 'canceled') return false;
  return p.openDelay || (p.dueDate !== null && p.dueDate < today) || p.status === 'exception' || p.status === 'returned_to_sender';
}

/** Units of each order line that have arrived (in delivered parcels; a pickup parcel counts once collected). */
export function deliveredQuantities(parcels: ReadonlyArray<ClaimParcelFacts>): Map<string, number> {
  const out = new Map<string, number>();
  for (const p of parcels) {
    if (p.status !== 'delivered') continue;
    for (const l of p.lines) out.set(l.orderLineId, (out.get(l.orderLineId) ?? 0) + l.quantity);
  }
  return out;
}

/** The claim types the order allows now: item claims once something arrived, not_received for a late or "delivered" parcel. */
export function claimableTypes(parcels: ReadonlyArray<ClaimParcelFacts>, today: string): ClaimType[] {
  const anyDelivered = [...deliveredQuantities(parcels).values()].some((q) => q > 0);
  const anyMissing = parcels.some((p) => parcelMayBeNotReceived(p, today));
  return claimTypes.filter((t) => (t === 'not_received' ? anyMissing : anyDelivered));
}
