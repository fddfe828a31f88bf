import { readFileSync } from 'node:fs';
import path from 'node:path';
import { createTranslator } from 'use-intl/core';
import { describe, expect, it } from 'vitest';
import { type Locale, localeTags } from '@/lib/i18n/locales';
import { buildOrderSummary, type OpenReturnDto, type SummaryParcel, summaryText } from './order-summary';

const parcel = (over: Partial<SummaryParcel> = {}): SummaryParcel => ({
  carrier: 'posti',
  status: 'in_transit',
  subStatus: null,
  deliveredAt: null,
  expectedDate: null,
  isLate: false,
  pickupPoint: null,
  pickupDeadline: null,
  lines: [{ orderLineId: 'l1', title: 'Kaamos mug', quantity: 2 }],
  ...over,
});
const delivered = parcel({ status: 'delivered', deliveredAt: '2026-12-01T10:00:00.000Z' });
const lateJacket = parcel({ carrier: 'matkahuolto', isLate: true, expectedDate: '2026-12-08', lines: [{ orderLineId: 'l2', title: 'Myrsky rain jacket', quantity: 1 }] });

/** The sentence as the page shows it, with the real catalog of `locale`. */
function say(locale: Locale, order: { parcels: SummaryParcel[]; returns?: OpenReturnDto[] }) {
  const messages = JSON.parse(readFileSync(path.join(process.cwd(), 'messages', `${locale}.json`), 'utf8'));
  const t = createTranslator({ locale, messages, namespace: 'firstScreen.summary' }) as unknown as (key: string, values?: Record<string, string | number>) => string;
  const date = (value: string) => new Intl.DateTimeFormat(localeTags[locale], { weekday: 'short', day: 'numeric', month: 'short', timeZone: 'UTC' }).format(new Date(`${value.slice(0, 10)}T12:00:00Z`));
  return summaryText(buildOrderSummary(order), t, date);
}

describe('the one-sentence order summary', () => {
  it('one of two parcels delivered, the other late with its new date — in five languages', () => {
    const order = { parcels: [delivered, lateJacket] };
    expect(say('en', order).sentence).toBe('1 of 2 parcels delivered — Myrsky rain jacket is late, now expected Tue 8 Dec');
    expect(say('fi', order).sentence).toBe('2 paketista 1 on toimitettu – Myrsky rain jacket on myöhässä, uusi arvio ti 8.12.');
    expect(say('sv', order).sentence).toMatch(/^1 av 2 paket har levererats – Myrsky rain jacket är försenad, väntas nu tis 8 dec/);
    expect(say('da', order).sentence).toMatch(/^1 af 2 pakker er leveret – Myrsky rain jacket er forsinket, nu forventet tirs\. 8\. dec/);
    expect(say('nb', order).sentence).toMatch(/^1 av 2 pakker er levert – Myrsky rain jacket er forsinket, nå ventet tir\. 8\. des/);
  });

  it('plurals follow the count (ICU): one parcel, three parcels', () => {
    expect(say('en', { parcels: [delivered] }).sentence).toBe('Delivered Tue 1 Dec');
    expect(say('en', { parcels: [delivered, delivered, delivered] }).sentence).toBe('All 3 parcels delivered');
    expect(say('fi', { parcels: [delivered, delivered, delivered] }).sentence).toBe('Kaikki 3 pakettia toimitettu');
    expect(say('en', { parcels: [delivered, parcel(), parcel()] }).sentence).toBe('1 of 3 parcels delivered');
    expect(say('sv', { parcels: [parcel({ expectedDate: '2026-12-09' })] }).sentence).toBe('På väg, väntas ons 9 dec.');
    expect(say('en', { parcels: [parcel({ expectedDate: '2026-12-09' }), parcel({ expectedDate: '2026-12-10' })] }).sentence).toBe('2 parcels on their way, all expected by Thu 10 Dec');
    expect(say('en', { parcels: [] }).sentence).toBe("We're preparing your order");
  });

  it('a problem wins over a late parcel, and a single parcel is the whole sentence', () => {
    const customs = parcel({ carrier: 'bring', status: 'exception', subStatus: 'customs', expectedDate: '2026-12-09', lines: [{ orderLineId: 'l3', title: 'Tunturi wool sweater', quantity: 1 }, { orderLineId: 'l4', title: 'Socks', quantity: 1 }] });
    expect(say('en', { parcels: [lateJacket, customs] }).sentence).toBe('2 parcels on their way, all expected by Wed 9 Dec — Tunturi wool sweater and 1 other item is held in customs, now expected Wed 9 Dec');
    expect(say('en', { parcels: [customs] }).sentence).toBe('Tunturi wool sweater and 1 other item is held in customs, now expected Wed 9 Dec');
    expect(say('fi', { parcels: [customs] }).sentence).toBe('Tunturi wool sweater ja 1 muu tuote on pysähtynyt tulliin, uusi arvio ke 9.12.');
  });

  it('a parcel at a pickup point names the point and the last day; without lines the carrier names the parcel', () => {
    const pickup = parcel({ status: 'available_for_pickup', pickupPoint: { name: 'K-Market Kallio' } as SummaryParcel['pickupPoint'], pickupDeadline: '2026-12-11', lines: [] });
    expect(say('en', { parcels: [delivered, pickup] }).sentence).toBe('1 of 2 parcels delivered — the Posti parcel is ready for pickup at K-Market Kallio until Fri 11 Dec');
    expect(say('sv', { parcels: [pickup] }).sentence).toMatch(/^Posti-paketet kan hämtas hos K-Market Kallio till och med fre 11 dec/);
  });

  it('an ongoing return or exchange is part of the summary', () => {
    const returns: OpenReturnDto[] = [
      { rma: 'R-10042', kind: 'exchange', status: 'in_transit' },
      { rma: 'R-10043', kind: 'return', status: 'inspected' },
    ];
    expect(say('en', { parcels: [delivered], returns }).returns).toEqual(['Exchange R-10042: on its way to us', 'Return R-10043: checked – your refund is on its way']);
    expect(say('fi', { parcels: [delivered], returns }).returns).toEqual(['Vaihto R-10042: matkalla meille', 'Palautus R-10043: tarkastettu – hyvitys on matkalla']);
    expect(say('nb', { parcels: [delivered], returns }).returns[0]).toBe('Bytte R-10042: på vei til oss');
  });

  it('a canceled parcel does not count; an order with only canceled parcels says so', () => {
    const canceled = parcel({ status: 'canceled' });
    expect(say('en', { parcels: [delivered, canceled] }).sentence).toBe('Delivered Tue 1 Dec');
    expect(say('en', { parcels: [canceled] }).sentence).toBe('The delivery was canceled');
  });
});
