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
