/** Store credit / goodwill as a WooCommerce coupon (POST coupons) against the local REST API. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDb } from '@/test/db';
import { uniqueId } from '@/test/factories';
import { inRollback } from '@/test/rollback';
import { startWooServer, type WooServer } from '@/test/woocommerce-server';
import { addWooIntegration, openIntegration } from '../integrations';
import { createWooCoupon } from './store-credit';

const db = testDb();
const KEY = 'ck_couponkey0123456789';
const SECRET = 'cs_couponsecret0123456789';
let server: WooServer;

beforeAll(async () => {
  server = await startWooServer({ consumerKey: KEY, consumerSecret: SECRET });
});
afterAll(() => server.close());

describe('WooCommerce coupons', () => {
  it('creates a single-use fixed_cart coupon for the customer’s email; a retry of the same credit returns it; another credit with a taken code is refused', async () => {
    await inRollback(db, async (tx) => {
      const view = await addWooIntegration({ db: tx, actor: { type: 'system' } }, { url: `https://${uniqueId('cp').toLowerCase()}.example.com`, consumerKey: KEY, consumerSecret: SECRET, webhookSecret: 'wc_coupon_secret_0000000000000', apiOrigin: server.origin });
      const integration = (await openIntegration(tx, view.id))!;
      const input = { code: 'paluu-credit-7x2k', amount: 2500, email: 'john.doe@example.com', description: 'Store credit for return R-727' };
      expect(await createWooCoupon(integration, input)).toEqual({ ok: true, value: { id: 719, code: 'paluu-credit-7x2k' } });
      expect(server.state.requests.at(-1)!.body).toEqual({
        code: 'paluu-credit-7x2k',
        discount_type: 'fixed_cart',
        amount: '25.00',
        individual_use: false,
        usage_limit: 1,
        usage_limit_per_user: 1,
        email_restrictions: ['john.doe@example.com'],
        free_shipping: false,
        description: 'Store credit for return R-727',
      });
      // The first answer was lost: the retry meets "already exists" and reads the same coupon back.
      expect(await createWooCoupon(integration, input)).toEqual({ ok: true, value: { id: 719, code: 'paluu-credit-7x2k' } });
      expect(server.state.coupons).toHaveLength(1);
      const other = await createWooCoupon(integration, { ...input, amount: 9900 });
      expect(other).toEqual({ ok: false, retryable: false, message: 'The coupon code already exists', code: 'woocommerce_rest_coupon_code_already_exists' });
      server.state.failNext = [{ failure: 'http503' }];
      expect(await createWooCoupon(integration, { ...input, code: 'paluu-credit-next' })).toMatchObject({ ok: false, retryable: true });
    });
  });
});
