import { describe, expect, it } from 'vitest';
import { deliveryEstimate, type EstimateInput } from './reestimate';

/** A fixed clock: Saturday 5 Dec 2026 in Helsinki. */
const today = '2026-12-05';
const base: EstimateInput = {
  carrier: 'bring',
  status: 'in_transit',
  subStatus: null,
  carrierEta: null,
  predictedDate: null,
  promisedDate: null,
  deliveredAt: null,
  lastScanAt: null,
  shippedAt: '2026-11-27T08:00:00.000Z',
};

describe('the delivery date a customer sees', () => {
  it('the customs parcel whose estimates are all yesterday or earlier gets a new date from its current scan, never a past one', () => {
    const customs = { ...base, status: 'exception' as const, subStatus: 'customs', carrierEta: '2026-12-04', predictedDate: '2026-12-03', promisedDate: '2026-12-02', lastScanAt: '2026-12-03T13:30:00.000Z' };
    // Held on Thu 3 Dec; 3 business days later is Tue 8 Dec.
    expect(deliveryEstimate(customs, today)).toEqual({ date: '2026-12-08', source: 'rescan' });
    // A hold from a week ago: the next business day after today, not a date already gone.
    expect(deliveryEstimate({ ...customs, lastScanAt: '2026-11-26T10:00:00.000Z' }, today)).toEqual({ date: '2026-12-07', source: 'rescan' });
  });

  it('keeps a still-future estimate: the carrier first, then ours, then the promise', () => {
    expect(deliveryEstimate({ ...base, carrierEta: '2026-12-07', predictedDate: '2026-12-08' }, today)?.date).toBe('2026-12-07');
    expect(deliveryEstimate({ ...base, carrierEta: '2026-12-04', predictedDate: '2026-12-08' }, today)).toEqual({ date: '2026-12-08', source: 'predicted' });
    expect(deliveryEstimate({ ...base, promisedDate: today }, today)).toEqual({ date: today, source: 'promised' });
  });

  it('a late parcel in transit is expected one business day after its last scan, or the next business day when that is past', () => {
    const late = { ...base, promisedDate: '2026-12-02', predictedDate: '2026-12-02' };
    expect(deliveryEstimate({ ...late, lastScanAt: '2026-12-04T15:00:00.000Z' }, today)?.date).toBe('2026-12-07');
    expect(deliveryEstimate({ ...late, lastScanAt: '2026-11-30T15:00:00.000Z' }, today)?.date).toBe('2026-12-07');
    expect(deliveryEstimate({ ...late, status: 'out_for_delivery', lastScanAt: '2026-12-05T07:00:00.000Z' }, today)?.date).toBe(today);
  });

  it('no date where none is honest: delivered, at the pickup point, damaged, lost, going back', () => {
    const old = { ...base, promisedDate: '2026-12-01', lastScanAt: '2026-12-02T10:00:00.000Z' };
    expect(deliveryEstimate({ ...old, status: 'delivered', deliveredAt: '2026-12-03T10:00:00.000Z' }, today)).toBeNull();
    expect(deliveryEstimate({ ...old, status: 'available_for_pickup' }, today)).toBeNull();
    expect(deliveryEstimate({ ...old, status: 'exception', subStatus: 'damaged' }, today)).toBeNull();
    expect(deliveryEstimate({ ...old, status: 'exception', subStatus: 'lost' }, today)).toBeNull();
    expect(deliveryEstimate({ ...old, status: 'returned_to_sender' }, today)).toBeNull();
  });

  it('counts the shop country public holidays (Finnish Independence Day, Sun 6 Dec, falls on a weekend; Christmas does not)', () => {
    const held = { ...base, status: 'in_transit' as const, promisedDate: '2026-12-20', lastScanAt: '2026-12-23T10:00:00.000Z' };
    // Thu 24 Dec is Christmas Eve, 25 and 26 are holidays in Finland: the next business day after the 23rd is Mon 28 Dec.
    expect(deliveryEstimate(held, '2026-12-23')?.date).toBe('2026-12-28');
  });
});
