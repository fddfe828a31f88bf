import { describe, expect, it } from 'vitest';
import { buildDemoData } from '@/db/seed';
import { mapCarrierCode } from './map-code';
import { isValidTrackingNumber } from './tracking-number';

// The demo seed writes each carrier's own codes and numbers; the adapters' tables must know all of them.
const demo = buildDemoData(new Date('2026-11-23T12:00:00Z'));

describe('the demo seed speaks the carriers’ languages the adapters read', () => {
  it('every tracking number fits its carrier’s format', () => {
    const bad = demo.shipments.filter((s) => !isValidTrackingNumber(s.carrier, s.trackingNumber)).map((s) => `${s.carrier} ${s.trackingNumber}`);
    expect(demo.shipments.length).toBeGreaterThan(20);
    expect(bad).toEqual([]);
  });

  it('every event code is in the carrier’s table, mapped to the seed’s status where the code alone decides', () => {
    const unknown = demo.trackingEvents.filter((e) => e.carrierCode && mapCarrierCode(e.carrier, e.carrierCode).unmapped).map((e) => `${e.carrier} ${e.carrierCode}`);
    expect(demo.trackingEvents.filter((e) => e.carrierCode).length).toBeGreaterThan(50);
    expect(unknown).toEqual([]);
    // Codes whose status depends on context (locker vs home, text, previous status) are excluded here.
    const contextual = new Set(['budbee:Delivered', 'bring:NOTIFICATION_SENT', 'dhl:transit', 'dhl:failure', 'posti:20', 'matkahuolto:104', 'bring:DEVIATION']);
    const mismatched = demo.trackingEvents
      .filter((e) => e.carrierCode && !contextual.has(`${e.carrier}:${e.carrierCode}`))
      .filter((e) => mapCarrierCode(e.carrier, e.carrierCode!).status !== e.status)
      .map((e) => `${e.carrier} ${e.carrierCode} → ${mapCarrierCode(e.carrier, e.carrierCode!).status}, seed says ${e.status}`);
    expect([...new Set(mismatched)]).toEqual([]);
  });
});
