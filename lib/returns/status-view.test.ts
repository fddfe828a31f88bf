import { describe, expect, it } from 'vitest';
import type { ReturnStatus } from './state';
import { returnPageView } from './status-view';

const refundOnly = [{ resolution: 'refund' as const }];
const view = (status: ReturnStatus, over: Partial<Parameters<typeof returnPageView>[0]> = {}) =>
  returnPageView({ status, carrier: 'posti', inTransitAt: null, items: refundOnly, ...over });

describe('the customer return page per status', () => {
  it('shows how to send it and the label only while the parcel is still with the customer', () => {
    expect(view('requested').sendSection).toBe(true);
    expect(view('approved').sendSection).toBe(true);
    expect(view('label_issued').sendSection).toBe(true);
    // Scanned by the carrier: already sent.
    expect(view('label_issued', { inTransitAt: '2026-12-01T10:00:00Z' }).sendSection).toBe(false);
    for (const status of ['in_transit', 'received', 'inspected', 'completed', 'rejected', 'canceled'] as const) expect(view(status).sendSection, status).toBe(false);
  });

  it('a completed return shows what was paid out, an open one the estimate, an ended one neither', () => {
    expect(view('completed').money).toBe('settled');
    for (const status of ['requested', 'approved', 'label_issued', 'in_transit', 'received', 'inspected'] as const) expect(view(status).money, status).toBe('estimate');
    expect(view('canceled').money).toBe('none');
    expect(view('rejected').money).toBe('none');
  });

  it('the cancel confirmation speaks of a held exchange item only when there is one', () => {
    expect(view('approved').cancelConfirmKey).toBe('confirmBody');
    expect(view('approved', { items: [{ resolution: 'store_credit' }, { resolution: 'refund' }] }).cancelConfirmKey).toBe('confirmBody');
    expect(view('approved', { items: [{ resolution: 'refund' }, { resolution: 'exchange' }] }).cancelConfirmKey).toBe('confirmBodyExchange');
  });
});
