import { describe, expect, it } from 'vitest';
import type { CarrierId } from '@/lib/core/enums';
import { checkTrackingNumber, isValidS10, isValidSscc, isValidTrackingNumber } from './tracking-number';

const cases: Array<[CarrierId, string, boolean]> = [
  ['posti', 'JJFI64574900000137203', true],
  ['posti', 'jjfi 6543 2100 0000 0022 4', true],
  ['posti', 'CP123456785FI', true], // S10 with a valid check digit
  ['posti', 'CP123456780FI', false], // wrong check digit
  ['posti', 'JJSE64574900000137203', false],
  ['posti', 'JJFI1234', false],
  ['matkahuolto', 'MH302164795FI', true],
  ['matkahuolto', 'MA0183085940000000001', true],
  ['matkahuolto', 'MH30216479FI', false],
  ['postnord', '(00)373123450012345678', true],
  ['postnord', '373123450012345678', true],
  ['postnord', '00373123450012345679', false], // SSCC check digit off by one
  ['postnord', '84971563697SE', true],
  ['postnord', 'RR123456785SE', true],
  ['bring', '00370701120004077962', true],
  ['bring', '73400014000001235', false], // GSIN with a wrong check digit
  ['bring', '73400014000001233', true],
  ['bring', 'BRING-1234-5678', false], // a label-free return code is not a tracking number
  ['budbee', 'KQ7M2XP4TN', true],
  ['budbee', 'KQ7M', false],
  ['budbee', 'KQ7M<script>', false],
  ['dhl', '4587296313', true], // 458729631 mod 7 = 3
  ['dhl', '4587296314', false],
  ['dhl', 'JJD0001234567890', true],
  ['dhl', '00340434161094042557', true],
];

describe('tracking-number patterns', () => {
  it.each(cases)('%s %s → %s', (carrier, raw, valid) => {
    expect(isValidTrackingNumber(carrier, raw)).toBe(valid);
  });

  it('normalizes what a person types or a label prints', () => {
    expect(checkTrackingNumber('postnord', ' (00) 3731 2345 0012 3456 78 ')).toBe('00373123450012345678');
    expect(checkTrackingNumber('posti', 'jjfi64574900000137203')).toBe('JJFI64574900000137203');
    expect(checkTrackingNumber('posti', '')).toBeNull();
  });

  it('checks the S10 and SSCC check digits', () => {
    expect(isValidS10('RR123456785SE')).toBe(true);
    expect(isValidS10('RR123456785SE', ['NO'])).toBe(false);
    expect(isValidSscc('370701120004077962')).toBe(true);
    expect(isValidSscc('370701120004077961')).toBe(false);
  });
});
