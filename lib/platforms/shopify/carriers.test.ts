import { describe, expect, it } from 'vitest';
import { carrierFromTrackingCompany } from './carriers';

describe('Shopify tracking_company → our carrier', () => {
  it('maps the Nordic carriers as Shopify and merchants write them; unknown or empty is null (a logged skip)', () => {
    const cases: Array<[string | null, string | null]> = [
      ['PostNord', 'postnord'],
      ['PostNord SE', 'postnord'],
      ['Postnord DK', 'postnord'],
      ['DHL Express', 'dhl'],
      ['DHL eCommerce', 'dhl'],
      ['Bring', 'bring'],
      ['Posten Norge', 'bring'],
      ['Posti', 'posti'],
      ['Itella', 'posti'],
      ['Matkahuolto', 'matkahuolto'],
      ['Budbee', 'budbee'],
      ['Instabox', 'instabox'],
      ['TNT', null],
      ['USPS', null],
      ['', null],
      [null, null],
    ];
    expect(cases.map(([name]) => carrierFromTrackingCompany(name))).toEqual(cases.map(([, id]) => id));
  });
});
