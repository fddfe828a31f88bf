import { describe, expect, it } from 'vitest';
import type { MappedOrder } from '../map-order';
import { isBeingCancelled, mapVendureOrder, type VendureOrder } from './map-order';

/** The shape the Admin API answers with (ORDER_FIELDS), as the real engine in vendure.test.ts returns it. */
function linesOf(mapped: MappedOrder): number[] {
  if (!mapped.ok) throw new Error(mapped.reason);
  return mapped.input.lines.map((l) => l.quantity);
}

function order(state: string, lines: Array<{ quantity: number; orderPlacedQuantity: number }>): VendureOrder {
  return {
    id: '7',
    code: 'TNPJWS8FTGVKMSBR',
    state,
    active: false,
    currencyCode: 'EUR',
    createdAt: '2026-12-06T10:00:00.000Z',
    updatedAt: '2026-12-06T10:05:00.000Z',
    orderPlacedAt: '2026-12-06T10:01:00.000Z',
    totalWithTax: 9490,
    shippingWithTax: 590,
    customer: { emailAddress: 'wh@example.test', firstName: 'Aino', lastName: 'Virtanen', phoneNumber: null },
    shippingAddress: { fullName: 'Aino Virtanen', company: null, streetLine1: 'Mannerheimintie 1', streetLine2: null, city: 'Helsinki', postalCode: '00100', countryCode: 'FI', phoneNumber: null },
    billingAddress: null,
    lines: lines.map((l, i) => ({ id: String(i + 1), ...l, unitPriceWithTax: 8900, productVariant: { sku: `SWEATER-${i}`, name: 'Wool sweater', product: { name: 'Wool sweater' }, options: [] } })),
    payments: [{ state: 'Settled', method: 'standard-payment', updatedAt: '2026-12-06T10:01:00.000Z' }],
    fulfillments: [],
    history: { items: [{ createdAt: '2026-12-06T10:05:00.000Z' }] },
  };
}

describe('Vendure order lines', () => {
  it('a live order drops a line cancelled whole and keeps the others', () => {
    const mapped = mapVendureOrder(order('PaymentSettled', [{ quantity: 0, orderPlacedQuantity: 1 }, { quantity: 2, orderPlacedQuantity: 2 }]));
    expect(linesOf(mapped)).toEqual([2]);
  });

  it('an order read while Vendure cancels it (every line zeroed, not yet Cancelled) is recognised, not taken as placed', () => {
    expect(isBeingCancelled(order('PaymentSettled', [{ quantity: 0, orderPlacedQuantity: 1 }]))).toBe(true);
    expect(isBeingCancelled(order('PaymentSettled', [{ quantity: 0, orderPlacedQuantity: 1 }, { quantity: 2, orderPlacedQuantity: 2 }]))).toBe(false);
    expect(isBeingCancelled(order('Cancelled', [{ quantity: 0, orderPlacedQuantity: 1 }]))).toBe(false);
  });

  it('a cancelled order keeps its lines as placed and is canceled', () => {
    const mapped = mapVendureOrder(order('Cancelled', [{ quantity: 0, orderPlacedQuantity: 1 }]));
    expect(linesOf(mapped)).toEqual([1]);
    expect(mapped.ok && mapped.cancelledAt).toBeInstanceOf(Date);
  });
});
