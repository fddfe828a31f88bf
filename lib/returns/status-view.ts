import type { ReturnStatus } from './state';

/** What the customer's return page shows for one return. */
export type ReturnPageView = {
  /** "How to send it" with the carrier's instructions and the label buttons: only while the parcel is still with the customer. */
  sendSection: boolean;
  /** The money block: an estimate while the return is open, what was paid out once it is completed, nothing when it ended otherwise. */
  money: 'estimate' | 'settled' | 'none';
  /** The cancel confirmation mentions the held exchange item only when the return has one. */
  cancelConfirmKey: 'confirmBody' | 'confirmBodyExchange';
};

const BEFORE_HANDOVER: readonly ReturnStatus[] = ['requested', 'approved', 'label_issued'];

/**
 * Per status, only what applies: a completed return shows what was refunded or credited (not an
 * estimate, no label buttons, no sending instructions); a parcel already scanned by the carrier
 * needs no instructions either. Pure, so the rules are tested without rendering the page.
 */
export function returnPageView(r: {
  status: ReturnStatus;
  carrier: string | null;
  inTransitAt: string | null;
  items: ReadonlyArray<{ resolution: 'refund' | 'store_credit' | 'exchange' }>;
}): ReturnPageView {
  return {
    sendSection: BEFORE_HANDOVER.includes(r.status) && r.carrier !== null && r.inTransitAt === null,
    money: r.status === 'completed' ? 'settled' : r.status === 'canceled' || r.status === 'rejected' ? 'none' : 'estimate',
    cancelConfirmKey: r.items.some((item) => item.resolution === 'exchange') ? 'confirmBodyExchange' : 'confirmBody',
  };
}
