import { describe, expect, it } from 'vitest';
import { type ClaimParcelFacts, claimableTypes, deliveredQuantities, parcelMayBeNotReceived } from './state';

const parcel = (over: Partial<ClaimParcelFacts>): ClaimParcelFacts => ({ id: 'p', status: 'in_transit', dueDate: null, openDelay: false, lines: [{ orderLineId: 'a', quantity: 1 }], ...over });
const today = '2026-12-05';

describe('claim rules', () => {
  it('a parcel in transit on time offers no claim at all; delivered offers item claims and "never got it"', () => {
    expect(claimableTypes([parcel({ status: 'in_transit', dueDate: '2026-12-08' })], today)).toEqual([]);
    expect(claimableTypes([parcel({ status: 'available_for_pickup' })], today)).toEqual([]);
    expect(claimableTypes([parcel({ status: 'delivered' })], today)).toEqual(['damaged', 'wrong_item', 'missing_item', 'not_received']);
  });

  it('"never got it" needs a late parcel (past its date, an open delay, an exception, on its way back) or one marked delivered', () => {
    expect(parcelMayBeNotReceived(parcel({ dueDate: '2026-12-04' }), today)).toBe(true);
    expect(parcelMayBeNotReceived(parcel({ dueDate: '2026-12-05' }), today)).toBe(false);
    expect(parcelMayBeNotReceived(parcel({ openDelay: true }), today)).toBe(true);
    expect(parcelMayBeNotReceived(parcel({ status: 'exception' }), today)).toBe(true);
    expect(parcelMayBeNotReceived(parcel({ status: 'returned_to_sender' }), today)).toBe(true);
    expect(parcelMayBeNotReceived(parcel({ status: 'canceled', dueDate: '2026-11-01' }), today)).toBe(false);
    expect(claimableTypes([parcel({ openDelay: true })], today)).toEqual(['not_received']);
  });

  it('counts only units in delivered parcels', () => {
    const q = deliveredQuantities([
      parcel({ id: '1', status: 'delivered', lines: [{ orderLineId: 'a', quantity: 1 }] }),
      parcel({ id: '2', status: 'in_transit', lines: [{ orderLineId: 'a', quantity: 2 }, { orderLineId: 'b', quantity: 1 }] }),
    ]);
    expect(Object.fromEntries(q)).toEqual({ a: 1 });
  });
});
