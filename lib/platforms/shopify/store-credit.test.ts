/** Gift cards and discount codes on Shopify, against the local Admin GraphQL server. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startShopifyAdmin, type ShopifyAdminServer } from '@/test/shopify-admin-server';
import type { OpenIntegration } from '../platform';
import { ADMIN_API_VERSION } from './api';
import { createDiscountCode, createFreeShippingCode, createGiftCard, findDiscountByCode, findGiftCardByCode } from './store-credit';

let server: ShopifyAdminServer;
let shop: OpenIntegration;

beforeAll(async () => {
  server = await startShopifyAdmin({ accessToken: 'shpat_credit', version: ADMIN_API_VERSION });
  shop = { id: 'x', platform: 'shopify', domain: 'credit.myshopify.com', displayName: 'credit', credentials: { accessToken: 'shpat_credit', apiOrigin: server.origin }, webhookSecret: 'unused' };
});
afterAll(() => server.close());

describe('Shopify store credit and goodwill clients', () => {
  it('giftCardCreate: the amount as Shopify’s decimal, the chosen code; the full code comes back once', async () => {
    const result = await createGiftCard(shop, { amount: 2550, code: 'PALUURMA10001', note: 'Store credit for R-10001' });
    expect(result).toEqual({ ok: true, value: { id: expect.stringMatching(/^gid:\/\/shopify\/GiftCard\//), code: 'paluurma10001', maskedCode: '•••• •••• •••• 0001' } });
    const sent = server.state.requests.at(-1)!;
    expect(sent.query).toContain('giftCardCreate(input: $input)');
    expect(sent.variables).toEqual({ input: { initialValue: '25.50', code: 'PALUURMA10001', note: 'Store credit for R-10001' } });
  });

  it('giftCardCreate: userErrors are final, a 503 is retryable', async () => {
    expect(await createGiftCard(shop, { amount: 0 })).toEqual({ ok: false, retryable: false, message: 'Initial value must be greater than 0', code: 'GREATER_THAN' });
    server.state.failNext = [{ failure: 'http503' }];
    expect(await createGiftCard(shop, { amount: 100 })).toMatchObject({ ok: false, retryable: true });
  });

  it('discountCodeBasicCreate: a single-use amount-off code for everyone; the same code twice is refused as taken', async () => {
    const input = { code: 'SORRY-1001', title: 'Goodwill for order 1001', amount: 1000, startsAt: '2026-12-05T00:00:00Z' };
    expect(await createDiscountCode(shop, input)).toEqual({ ok: true, value: { id: expect.stringMatching(/^gid:\/\/shopify\/DiscountCodeNode\//), code: 'SORRY-1001' } });
    expect(server.state.requests.at(-1)!.variables).toEqual({
      basicCodeDiscount: {
        title: 'Goodwill for order 1001',
        code: 'SORRY-1001',
        startsAt: '2026-12-05T00:00:00Z',
        context: { all: 'ALL' },
        customerGets: { value: { discountAmount: { amount: '10.00', appliesOnEachItem: false } }, items: { all: true } },
        appliesOncePerCustomer: true,
        usageLimit: 1,
      },
    });
    expect(await createDiscountCode(shop, input)).toEqual({ ok: false, retryable: false, message: 'Code must be unique. Please try a different code.', code: 'TAKEN' });
  });

  // The fields of the reference's example "Create a discount code for free shipping" (mutations/discountCodeFreeShippingCreate,
  // fixtures/SOURCES.md): title, code, startsAt, appliesOncePerCustomer, destination { all }, and the buyers — `context`
  // in the pinned API version (the example's `customerSelection` is its deprecated form). Payload: codeDiscountNode { id }, userErrors.
  it('discountCodeFreeShippingCreate: a single-use free-shipping code for the order’s customer, anywhere; a taken code is refused', async () => {
    const input = { code: 'FS7KQ4M9XT2HBCR5PD', title: 'Paluu case 1042, order #1001', startsAt: '2026-12-06T10:00:00.000Z', customerId: 'gid://shopify/Customer/115310627314723954' };
    expect(await createFreeShippingCode(shop, input)).toEqual({ ok: true, value: { id: expect.stringMatching(/^gid:\/\/shopify\/DiscountCodeNode\//), code: 'FS7KQ4M9XT2HBCR5PD' } });
    const sent = server.state.requests.at(-1)!;
    expect(sent.query).toContain('discountCodeFreeShippingCreate(freeShippingCodeDiscount: $freeShippingCodeDiscount)');
    expect(sent.variables).toEqual({
      freeShippingCodeDiscount: {
        title: 'Paluu case 1042, order #1001',
        code: 'FS7KQ4M9XT2HBCR5PD',
        startsAt: '2026-12-06T10:00:00.000Z',
        context: { customers: { add: ['gid://shopify/Customer/115310627314723954'] } },
        destination: { all: true },
        appliesOncePerCustomer: true,
        usageLimit: 1,
      },
    });
    expect(await createFreeShippingCode(shop, input)).toEqual({ ok: false, retryable: false, message: 'Code must be unique. Please try a different code.', code: 'TAKEN' });
  });

  it('look-ups before a create: a discount by its code (any case), a gift card by its code, last characters and our note', async () => {
    const created = await createDiscountCode(shop, { code: 'DC2345ABCDEFGHJK', title: 'Paluu case 7', amount: 500, startsAt: '2026-12-06T10:00:00.000Z' });
    expect(await findDiscountByCode(shop, 'dc2345abcdefghjk')).toEqual({ id: created.ok ? created.value.id : 'none' });
    expect(await findDiscountByCode(shop, 'DC-NOT-THERE')).toBeNull();
    expect(server.state.requests.at(-1)!.variables).toEqual({ code: 'DC-NOT-THERE' });

    const card = await createGiftCard(shop, { amount: 1500, code: 'SC2345ABCDEFGHJKMN', note: 'Paluu return R-7, order #7' });
    expect(await findGiftCardByCode(shop, { code: 'SC2345ABCDEFGHJKMN', note: 'Paluu return R-7, order #7' })).toEqual({ id: card.ok ? card.value.id : 'none' });
    expect(server.state.requests.at(-1)!.variables).toEqual({ query: 'SC2345ABCDEFGHJKMN' });
    // Another card's note (not ours): not taken for ours.
    expect(await findGiftCardByCode(shop, { code: 'SC2345ABCDEFGHJKMN', note: 'Someone else' })).toBeNull();
  });
});
