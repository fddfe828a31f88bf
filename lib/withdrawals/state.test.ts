import { describe, expect, it } from 'vitest';
import { lastWithdrawalDay, withdrawalPeriod, withdrawalRefund } from './state';

const tz = 'Europe/Helsinki';
const shipped = [{ quantity: 1, fulfilledQuantity: 1 }];
const at = (iso: string) => new Date(iso);

describe('withdrawalPeriod', () => {
  const cases: Array<[string, Parameters<typeof withdrawalPeriod>[0], ReturnType<typeof withdrawalPeriod>]> = [
    [
      'counts from the LAST delivered parcel, not the first',
      {
        canceled: false,
        lines: [...shipped, ...shipped],
        parcels: [
          { status: 'delivered', deliveredAt: at('2026-11-02T10:00:00Z') },
          { status: 'delivered', deliveredAt: at('2026-11-09T10:00:00Z') },
        ],
        now: at('2026-11-23T10:00:00Z'),
        timeZone: tz,
        country: 'FI',
      },
      { kind: 'open', lastDeliveredOn: '2026-11-09', until: '2026-11-23' },
    ],
    [
      'closed the day after the last day',
      { canceled: false, lines: shipped, parcels: [{ status: 'delivered', deliveredAt: at('2026-11-09T10:00:00Z') }], now: at('2026-11-24T10:00:00Z'), timeZone: tz, country: 'FI' },
      { kind: 'closed', lastDeliveredOn: '2026-11-09', until: '2026-11-23' },
    ],
    [
      'boundary day in the shop time zone: delivered 23:30 Helsinki (21:30 UTC) counts as that Helsinki day',
      { canceled: false, lines: shipped, parcels: [{ status: 'delivered', deliveredAt: at('2026-11-09T21:30:00Z') }], now: at('2026-11-24T21:59:00Z'), timeZone: tz, country: 'FI' },
      // 2026-11-09T21:30Z is 2026-11-09 23:30 in Helsinki → last day 23.11.; now is 24.11. 23:59 Helsinki → closed.
      { kind: 'closed', lastDeliveredOn: '2026-11-09', until: '2026-11-23' },
    ],
    [
      'still open at 23:59 on the last day in Helsinki although UTC is already the next day',
      { canceled: false, lines: shipped, parcels: [{ status: 'delivered', deliveredAt: at('2026-11-09T10:00:00Z') }], now: at('2026-11-23T21:59:00Z'), timeZone: tz, country: 'FI' },
      { kind: 'open', lastDeliveredOn: '2026-11-09', until: '2026-11-23' },
    ],
    [
      'delivered after midnight Helsinki time is the next local day',
      { canceled: false, lines: shipped, parcels: [{ status: 'delivered', deliveredAt: at('2026-11-09T22:30:00Z') }], now: at('2026-11-24T10:00:00Z'), timeZone: tz, country: 'FI' },
      { kind: 'open', lastDeliveredOn: '2026-11-10', until: '2026-11-24' },
    ],
    [
      'a last day on a Saturday moves to Monday',
      { canceled: false, lines: shipped, parcels: [{ status: 'delivered', deliveredAt: at('2026-11-14T10:00:00Z') }], now: at('2026-11-30T10:00:00Z'), timeZone: tz, country: 'FI' },
      { kind: 'open', lastDeliveredOn: '2026-11-14', until: '2026-11-30' },
    ],
    [
      'a last day on Finnish Independence Day (Sun 6.12.2026) moves to Monday 7.12.',
      { canceled: false, lines: shipped, parcels: [{ status: 'delivered', deliveredAt: at('2026-11-22T10:00:00Z') }], now: at('2026-12-07T10:00:00Z'), timeZone: tz, country: 'FI' },
      { kind: 'open', lastDeliveredOn: '2026-11-22', until: '2026-12-07' },
    ],
    [
      'one parcel still on its way: the period has not started (withdrawal already possible)',
      {
        canceled: false,
        lines: [...shipped, ...shipped],
        parcels: [
          { status: 'delivered', deliveredAt: at('2026-10-01T10:00:00Z') },
          { status: 'in_transit', deliveredAt: null },
        ],
        now: at('2026-11-23T10:00:00Z'),
        timeZone: tz,
        country: 'FI',
      },
      { kind: 'not_started' },
    ],
    [
      'nothing shipped yet',
      { canceled: false, lines: [{ quantity: 2, fulfilledQuantity: 0 }], parcels: [], now: at('2026-11-23T10:00:00Z'), timeZone: tz, country: 'FI' },
      { kind: 'not_started' },
    ],
    [
      'all parcels delivered but a line only partly shipped',
      { canceled: false, lines: [{ quantity: 2, fulfilledQuantity: 1 }], parcels: [{ status: 'delivered', deliveredAt: at('2026-10-01T10:00:00Z') }], now: at('2026-11-23T10:00:00Z'), timeZone: tz, country: 'FI' },
      { kind: 'not_started' },
    ],
    [
      'a canceled parcel does not hold the period open',
      {
        canceled: false,
        lines: shipped,
        parcels: [
          { status: 'delivered', deliveredAt: at('2026-11-09T10:00:00Z') },
          { status: 'canceled', deliveredAt: null },
        ],
        now: at('2026-11-20T10:00:00Z'),
        timeZone: tz,
        country: 'FI',
      },
      { kind: 'open', lastDeliveredOn: '2026-11-09', until: '2026-11-23' },
    ],
    ['a canceled order', { canceled: true, lines: shipped, parcels: [], now: at('2026-11-20T10:00:00Z'), timeZone: tz, country: 'FI' }, { kind: 'canceled' }],
  ];
  it.each(cases)('%s', (_name, input, expected) => {
    expect(withdrawalPeriod(input)).toEqual(expected);
  });

  it('uses the shop country’s holidays (Swedish National Day 6.6. is a Saturday in 2026 anyway; Midsummer Eve 19.6.2026)', () => {
    expect(lastWithdrawalDay('2026-06-05', 'SE')).toBe('2026-06-22');
    expect(lastWithdrawalDay('2026-06-05', 'FI')).toBe('2026-06-22');
    expect(lastWithdrawalDay('2026-11-02', 'FI')).toBe('2026-11-16');
  });
});

describe('withdrawalRefund', () => {
  const lines = [
    { id: 'a', unitPrice: 5990, quantity: 1 },
    { id: 'b', unitPrice: 1490, quantity: 2 },
  ];
  it('the whole order gets the whole standard delivery cost', () => {
    expect(withdrawalRefund({ lines, shippingAmount: 590, withdrawn: null })).toEqual({ itemsAmount: 8970, deliveryRefundAmount: 590 });
  });
  it('a partial withdrawal gets its share of the delivery cost', () => {
    expect(withdrawalRefund({ lines, shippingAmount: 590, withdrawn: [{ orderLineId: 'a', quantity: 1 }] })).toEqual({ itemsAmount: 5990, deliveryRefundAmount: 394 });
  });
  it('choosing every line in full is the whole order', () => {
    expect(
      withdrawalRefund({ lines, shippingAmount: 590, withdrawn: [{ orderLineId: 'a', quantity: 1 }, { orderLineId: 'b', quantity: 2 }] }),
    ).toEqual({ itemsAmount: 8970, deliveryRefundAmount: 590 });
  });
  it('free shipping refunds no delivery cost', () => {
    expect(withdrawalRefund({ lines, shippingAmount: 0, withdrawn: [{ orderLineId: 'b', quantity: 1 }] })).toEqual({ itemsAmount: 1490, deliveryRefundAmount: 0 });
  });
});
