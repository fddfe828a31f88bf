import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { maskEmail, maskName } from '@/lib/core/mask';
import { normalizeOrderNumber } from '@/lib/core/order-number';
import { lookupOrderSchema, normalizePostalCode, parseContact } from './schemas';

describe('what customers type into the lookup', () => {
  it('order numbers are found however they are copied', () => {
    for (const typed of ['KK-100123', '#KK-100123', ' kk-100123 ', '# KK-100 123', '##kk-100123']) {
      expect(normalizeOrderNumber(typed)).toBe('KK-100123');
    }
  });

  it('the second field is an email when it has an @, else a postal code without spaces', () => {
    expect(parseContact('  Aino.Virtanen@Example.FI ')).toEqual({ kind: 'email', value: 'aino.virtanen@example.fi' });
    expect(parseContact('00 100')).toEqual({ kind: 'postalCode', value: '00100' });
    expect(parseContact('113 51')).toEqual({ kind: 'postalCode', value: '11351' });
    expect(normalizePostalCode('0150 ')).toBe('0150');
  });

  it('empty and oversized input is refused with a catalog key', () => {
    const empty = lookupOrderSchema.safeParse({ orderNumber: '  ', contact: '' });
    expect(empty.success).toBe(false);
    expect(empty.error?.issues.map((i) => i.message).sort()).toEqual(['contactRequired', 'orderNumberRequired']);
    const long = lookupOrderSchema.safeParse({ orderNumber: 'K'.repeat(65), contact: 'x' });
    expect(long.error?.issues[0]?.message).toBe('tooLong');
    expect(lookupOrderSchema.safeParse({ orderNumber: ['a'], contact: { $ne: 1 } }).success).toBe(false);
  });

  it('normalizing is stable: a normalized number normalizes to itself', () => {
    fc.assert(fc.property(fc.string(), (s) => normalizeOrderNumber(normalizeOrderNumber(s)) === normalizeOrderNumber(s)));
  });
});

describe('masked contact data on the order page', () => {
  it('shows a first name and an initial, and an email shape', () => {
    expect(maskName('Aino Virtanen')).toBe('Aino V.');
    expect(maskName('Åsa')).toBe('Åsa');
    expect(maskEmail('aino.virtanen@example.fi')).toBe('a***@e***.fi');
  });

  it('shows one character of the name and of the domain, and the top-level domain; nothing else', () => {
    fc.assert(
      fc.property(fc.emailAddress(), (email) => {
        const [local = '', domain = ''] = email.split('@');
        const masked = maskEmail(email);
        const [maskedLocal = '', maskedDomain = ''] = masked.split('@');
        const tld = domain.slice(domain.lastIndexOf('.'));
        // Before the @: one character of the local part, then the mask.
        expect(maskedLocal).toBe(`${Array.from(local)[0]}***`);
        // After the @: one character of the domain, the mask, the top-level domain.
        expect(maskedDomain).toBe(`${Array.from(domain)[0]}***${tld}`);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('compactOrderNumber', () => {
  it('keeps only letters and digits, upper case, whatever the customer copied', async () => {
    const { compactOrderNumber } = await import('./schemas');
    expect(['KK 204131', 'KK204131', 'kk-204131', ' #KK-204131 ', 'kk–204 131', 'KK.204131'].map(compactOrderNumber)).toEqual(Array(6).fill('KK204131'));
    expect(compactOrderNumber('#1001')).toBe('1001');
    expect(compactOrderNumber(' #- ')).toBe('');
  });
});
