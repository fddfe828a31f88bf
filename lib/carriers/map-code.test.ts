import { describe, expect, it } from 'vitest';
import { mapCarrierCode } from './map-code';

describe('mapCarrierCode (C5)', () => {
  it.each([
    ['posti', '45', 'available_for_pickup'],
    ['posti', '77', 'returned_to_sender'],
    ['postnord', '113', 'out_for_delivery'],
    ['postnord', 'AVAILABLE_FOR_DELIVERY_PAR_LOC', 'available_for_pickup'],
    ['matkahuolto', '97', 'failed_attempt'],
    ['bring', 'DELIVERED_SENDER', 'returned_to_sender'],
    ['budbee', 'Delivered', 'delivered'],
    ['budbee', 'BOX:Delivered', 'available_for_pickup'],
    ['budbee', 'PickedUp', 'delivered'],
    ['dhl', 'pre-transit', 'info_received'],
  ] as const)('%s %s → %s', (carrier, code, status) => {
    expect(mapCarrierCode(carrier, code)).toMatchObject({ status, unmapped: false });
  });

  it('gives exceptions a sub-status', () => {
    expect(mapCarrierCode('matkahuolto', '104')).toEqual({ status: 'exception', subStatus: 'other', unmapped: false });
  });

  it('never says canceled: Bring DELIVERY_CANCELLED is a cancelled home-delivery booking', () => {
    expect(mapCarrierCode('bring', 'DELIVERY_CANCELLED').status).toBe('in_transit');
  });

  it('unknown codes are in transit and flagged, not a crash (incl. prototype names)', () => {
    for (const code of ['999', 'constructor', '__proto__', '', 'BOX:', 'toString']) {
      expect(mapCarrierCode('posti', code)).toEqual({ status: 'in_transit', unmapped: true });
      expect(mapCarrierCode('budbee', code)).toEqual({ status: 'in_transit', unmapped: true });
    }
  });
});
