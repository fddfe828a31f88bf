import { describe, expect, it } from 'vitest';
import { deriveShipmentState, type DerivableEvent, type DerivableStatus } from './derive-status';

let n = 0;
function ev(status: DerivableStatus, at: string, extra: Partial<DerivableEvent> = {}): DerivableEvent {
  return { status, occurredAt: new Date(at), dedupeKey: `k${n++}`, ...extra };
}

describe('deriveShipmentState', () => {
  it('is info_received (or the fallback) without events', () => {
    expect(deriveShipmentState([]).status).toBe('info_received');
    expect(deriveShipmentState([], 'canceled').status).toBe('canceled');
  });

  it('shows an unknown carrier code on the timeline without moving a scanned parcel back', () => {
    const later = deriveShipmentState([ev('out_for_delivery', '2026-11-03T08:00:00Z'), ev('in_transit', '2026-11-03T09:00:00Z', { unmappedCode: true })]);
    expect(later.status).toBe('out_for_delivery');
    expect(later.lastEventAt?.toISOString()).toBe('2026-11-03T09:00:00.000Z');
    // With nothing but the pre-advice, an unknown scan is the best sign of movement there is.
    expect(deriveShipmentState([ev('info_received', '2026-11-01T08:00:00Z'), ev('in_transit', '2026-11-02T08:00:00Z', { unmappedCode: true })]).status).toBe('in_transit');
  });

  it('follows occurrence time, not arrival order', () => {
    const events = [ev('out_for_delivery', '2026-11-03T08:00:00Z'), ev('info_received', '2026-11-01T08:00:00Z'), ev('in_transit', '2026-11-02T08:00:00Z')];
    const state = deriveShipmentState(events);
    expect(state.status).toBe('out_for_delivery');
    expect(state.firstScanAt?.toISOString()).toBe('2026-11-02T08:00:00.000Z');
    expect(state.lastEventAt?.toISOString()).toBe('2026-11-03T08:00:00.000Z');
  });

  it('stays delivered when a late in_transit scan is dated after delivery', () => {
    const state = deriveShipmentState([ev('in_transit', '2026-11-02T08:00:00Z'), ev('delivered', '2026-11-03T12:00:00Z'), ev('in_transit', '2026-11-04T06:00:00Z')]);
    expect(state.status).toBe('delivered');
    expect(state.deliveredAt?.toISOString()).toBe('2026-11-03T12:00:00.000Z');
    expect(state.lastEventAt?.toISOString()).toBe('2026-11-04T06:00:00.000Z');
  });

  it('stays delivered when an old in_transit event arrives after the delivery', () => {
    const state = deriveShipmentState([ev('delivered', '2026-11-03T12:00:00Z'), ev('in_transit', '2026-11-01T12:00:00Z')]);
    expect(state.status).toBe('delivered');
  });

  it('moves from available_for_pickup to delivered when collected', () => {
    const pickupPoint = { name: 'K-Market Kallio' };
    const state = deriveShipmentState([
      ev('available_for_pickup', '2026-11-03T12:00:00Z', { pickupPoint, pickupDeadline: '2026-11-10' }),
      ev('delivered', '2026-11-05T15:00:00Z'),
    ]);
    expect(state.status).toBe('delivered');
    expect(state.pickupPoint).toEqual(pickupPoint);
    expect(state.pickupDeadline).toBe('2026-11-10');
  });

  it('moves from failed_attempt to delivered on the next try, and to out_for_delivery again', () => {
    expect(deriveShipmentState([ev('failed_attempt', '2026-11-03T12:00:00Z'), ev('delivered', '2026-11-04T12:00:00Z')]).status).toBe('delivered');
    expect(deriveShipmentState([ev('failed_attempt', '2026-11-03T12:00:00Z'), ev('out_for_delivery', '2026-11-04T08:00:00Z')]).status).toBe('out_for_delivery');
  });

  it('ends returned_to_sender after an uncollected pickup, and that terminal state is kept', () => {
    const state = deriveShipmentState([
      ev('available_for_pickup', '2026-11-03T12:00:00Z'),
      ev('returned_to_sender', '2026-11-12T09:00:00Z'),
      ev('in_transit', '2026-11-13T09:00:00Z'),
    ]);
    expect(state.status).toBe('returned_to_sender');
    expect(state.deliveredAt).toBeNull();
  });

  it('carries the exception sub-status of the winning event, and clears it on recovery', () => {
    const exception = deriveShipmentState([ev('in_transit', '2026-11-02T08:00:00Z'), ev('exception', '2026-11-03T08:00:00Z', { subStatus: 'customs' })]);
    expect(exception).toMatchObject({ status: 'exception', subStatus: 'customs' });
    const recovered = deriveShipmentState([ev('exception', '2026-11-03T08:00:00Z', { subStatus: 'weather' }), ev('in_transit', '2026-11-04T08:00:00Z')]);
    expect(recovered).toMatchObject({ status: 'in_transit', subStatus: null });
    expect(deriveShipmentState([ev('exception', '2026-11-03T08:00:00Z')]).subStatus).toBe('other');
  });

  it('never lets pre-advice (info_received) replace a physical scan', () => {
    expect(deriveShipmentState([ev('in_transit', '2026-11-02T08:00:00Z'), ev('info_received', '2026-11-05T08:00:00Z')]).status).toBe('in_transit');
  });

  it('breaks ties at one instant the same way whatever the input order', () => {
    const a = ev('in_transit', '2026-11-02T08:00:00Z');
    const b = ev('out_for_delivery', '2026-11-02T08:00:00Z');
    expect(deriveShipmentState([a, b]).status).toBe('out_for_delivery');
    expect(deriveShipmentState([b, a]).status).toBe('out_for_delivery');
  });
});
