import { describe, expect, it } from 'vitest';
import { checkIban, checkRefundAccount, formatIban, maskIban, SEPA_IBAN_LENGTHS } from './iban';
import { paymentMethodNeedsIban } from '@/lib/core/payment-methods';

// Examples from the SWIFT IBAN registry and the national banks' published test accounts.
const VALID = ['FI21 1234 5600 0007 85', 'SE45 5000 0000 0583 9825 7466', 'DK50 0040 0440 1162 43', 'NO93 8601 1117 947', 'DE89 3704 0044 0532 0130 00', 'GB29 NWBK 6016 1331 9268 19', 'fi2112345600000785'];

describe('IBAN (ISO 13616)', () => {
  it.each(VALID)('accepts %s', (iban) => {
    expect(checkIban(iban)).toMatchObject({ ok: true });
  });

  it('refuses a wrong check digit, one wrong digit and two swapped digits (mod 97)', () => {
    expect(checkIban('FI22 1234 5600 0007 85')).toEqual({ ok: false, error: 'ibanChecksum' });
    expect(checkIban('FI21 1234 5600 0007 86')).toEqual({ ok: false, error: 'ibanChecksum' });
    expect(checkIban('FI21 1234 5600 0007 58')).toEqual({ ok: false, error: 'ibanChecksum' });
  });

  it('refuses the wrong length for the country and says the right one', () => {
    expect(checkIban('FI21 1234 5600 0007 8')).toEqual({ ok: false, error: 'ibanLength', expectedLength: 18 });
    expect(checkIban('NO93 8601 1117 9471')).toEqual({ ok: false, error: 'ibanLength', expectedLength: 15 });
  });

  it('refuses empty input, strange characters and countries outside SEPA', () => {
    expect(checkIban('  ')).toEqual({ ok: false, error: 'ibanRequired' });
    expect(checkIban('FI21 1234 5600 0007 8!')).toEqual({ ok: false, error: 'ibanCharacters' });
    expect(checkIban('1234567890')).toEqual({ ok: false, error: 'ibanCharacters' });
    // A valid Brazilian IBAN: the format is right but SEPA cannot pay there.
    expect(checkIban('BR1800360305000010009795493C1')).toEqual({ ok: false, error: 'ibanCountry' });
  });

  it('knows the length of every Nordic and euro-area country', () => {
    for (const c of ['FI', 'SE', 'DK', 'NO', 'IS', 'AX', 'DE', 'FR', 'NL', 'BE', 'AT', 'IE', 'IT', 'ES', 'PT', 'EE', 'LV', 'LT', 'SK', 'SI', 'GR', 'CY', 'MT', 'LU', 'HR']) {
      expect(SEPA_IBAN_LENGTHS[c], c).toBeGreaterThan(14);
    }
  });

  it('formats in groups of four and masks all but country, check digits and the last four', () => {
    expect(formatIban('fi2112345600000785')).toBe('FI21 1234 5600 0007 85');
    expect(maskIban('FI2112345600000785')).toBe('FI21 **** **** 0785');
  });
});

describe('the refund account form', () => {
  it('normalizes a good account, BIC optional', () => {
    expect(checkRefundAccount({ holder: '  Aino   Virtanen ', iban: 'fi21 1234 5600 0007 85', bic: '' })).toEqual({ ok: true, account: { holder: 'Aino Virtanen', iban: 'FI2112345600000785', bic: null } });
    expect(checkRefundAccount({ holder: 'A', iban: 'FI2112345600000785', bic: 'nda sfi hh' })).toMatchObject({ ok: true, account: { bic: 'NDASFIHH' } });
  });

  it('reports each field: missing holder, bad IBAN, malformed BIC', () => {
    expect(checkRefundAccount({ holder: '', iban: 'FI21 1234 5600 0007 86', bic: 'XX' })).toEqual({ ok: false, errors: { holder: 'holderRequired', iban: 'ibanChecksum', bic: 'bicFormat' } });
    expect(checkRefundAccount(undefined)).toMatchObject({ ok: false, errors: { holder: 'holderRequired', iban: 'ibanRequired' } });
  });
});

describe('which payment methods are refunded to a bank account', () => {
  it('invoice, BNPL and bank transfer need an IBAN; card, other and unknown do not', () => {
    expect(['invoice', 'bnpl', 'bank_transfer'].map(paymentMethodNeedsIban)).toEqual([true, true, true]);
    expect(['card', 'other', null, undefined, 'Klarna'].map(paymentMethodNeedsIban)).toEqual([false, false, false, false, false]);
  });
});
