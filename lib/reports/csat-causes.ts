/**
 * Satisfaction by cause (issue #17): each answered survey's case gets one cause, the first of CSAT_CAUSES
 * that applies — the precedence is this order:
 *   1. carrier_late — a delay incident (not dismissed) on the case's order or parcel opened before the answer;
 *   2. damaged      — a claim of type damaged, or a return item with a damage reason (DAMAGE_REASON_CODES);
 *   3. wrong_item   — a claim of type wrong_item, or a return item with reason wrong_item;
 *   4. slow_refund  — a refund of a received return that had not reached the customer REFUND_PROMISE_DAYS
 *                     after the return arrived (settled later, or still unsettled when the customer answered);
 *   5. other.
 * A late parcel comes first: it is what the customer met first, and a damaged or wrong item or a slow refund
 * on a parcel that was also late is still, to the customer, "the delivery that went wrong"; of the item
 * faults damage comes before a wrong item (a damaged wrong item is a transport fault); a slow refund only
 * counts when nothing went wrong before it. Claims and returns count when they are the case's own or of the
 * case's order. docs/staff-desk.md (Reports) says the same for managers.
 */
export const CSAT_CAUSES = ['carrier_late', 'damaged', 'wrong_item', 'slow_refund', 'other'] as const;
export type CsatCause = (typeof CSAT_CAUSES)[number];

/** Return reason codes that mean damage: the demo policy's `damaged` ("damaged or defective") and `defective`. */
export const DAMAGE_REASON_CODES = ['damaged', 'defective'] as const;
export const WRONG_ITEM_REASON_CODES = ['wrong_item'] as const;

/** The shop has no refund promise of its own (no setting): the refund is slow after 14 days from the return's receipt. */
export const REFUND_PROMISE_DAYS = 14;

/** The SLA outcomes of an answered survey's case: every SLA it has (first response, resolution if defined) met, or one breached. */
export const SLA_OUTCOMES = ['met', 'breached'] as const;
