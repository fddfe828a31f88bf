/**
 * SHOPIFY_API_ORIGIN: the e2e server (and a developer's local stub) points every shop's Admin API at one loopback
 * origin; a connection's own apiOrigin still wins; anything but a loopback origin sends nothing.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startShopifyAdmin, type ShopifyAdminServer } from '@/test/shopify-admin-server';
import { testShopifyConnection } from './platform';
import { ADMIN_API_VERSION, API_ORIGIN_ENV, adminOrigin } from './api';

const TOKEN = 'shpat_origin_token';
let server: ShopifyAdminServer;
let other: ShopifyAdminServer;

beforeAll(async () => {
  server = await startShopifyAdmin({ accessToken: TOKEN, version: ADMIN_API_VERSION, shopName: 'Env Origin Shop' });
  other = await startShopifyAdmin({ accessToken: TOKEN, version: ADMIN_API_VERSION, shopName: 'Own Origin Shop' });
});
afterAll(async () => {
  await server.close();
  await other.close();
});
afterEach(() => {
  delete process.env[API_ORIGIN_ENV];
});

const shop = (credentials: Record<string, string> = {}) => ({ id: 'i1', platform: 'shopify', domain: 'paluu-origin.myshopify.com', credentials: { accessToken: TOKEN, ...credentials } }) as never;

describe('the Admin API origin', () => {
  it('is the shop itself when nothing overrides it', () => {
    expect(adminOrigin(shop())).toBe('https://paluu-origin.myshopify.com');
  });

  it('SHOPIFY_API_ORIGIN sends a connection without its own origin to the local server', async () => {
    process.env[API_ORIGIN_ENV] = `${server.origin}/`;
    expect(adminOrigin(shop())).toBe(server.origin);
    expect(await testShopifyConnection(shop())).toEqual({ ok: true, name: 'Env Origin Shop' });
    expect(server.state.requests.at(-1)).toMatchObject({ token: TOKEN });
  });

  it("a connection's own apiOrigin wins over SHOPIFY_API_ORIGIN", async () => {
    process.env[API_ORIGIN_ENV] = server.origin;
    expect(await testShopifyConnection(shop({ apiOrigin: other.origin }))).toEqual({ ok: true, name: 'Own Origin Shop' });
  });

  it('a SHOPIFY_API_ORIGIN that is not on this machine sends nothing and says why', async () => {
    for (const value of ['https://evil.example.com', 'http://10.0.0.5:3300', 'http://127.0.0.1:3300/admin']) {
      process.env[API_ORIGIN_ENV] = value;
      const before = server.state.requests.length;
      const result = await testShopifyConnection(shop());
      expect(result.ok).toBe(false);
      expect(result).toMatchObject({ message: expect.stringContaining('SHOPIFY_API_ORIGIN must be a loopback origin') });
      expect(server.state.requests.length).toBe(before);
    }
  });
});
