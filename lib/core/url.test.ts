import { afterEach, describe, expect, it } from 'vitest';
import { testDb } from '@/test/db';
import { createOrder } from '@/test/factories';
import { mintTrackingLink } from '@/lib/tracking-links/mint-tracking-link';
import { appOrigin, appUrl } from './url';

const saved = { APP_URL: process.env.APP_URL, PORT: process.env.PORT, HOST: process.env.HOST };
afterEach(() => {
  for (const [name, value] of Object.entries(saved)) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
});

describe('absolute links without APP_URL (issue 12, item 10)', () => {
  it('a tracking link and an email link point at the port the server listens on, not :3000', async () => {
    delete process.env.APP_URL;
    delete process.env.HOST;
    process.env.PORT = '3187';
    const order = await createOrder(testDb());
    const link = await mintTrackingLink(testDb(), { orderId: order.id });
    expect(link.url).toBe(`http://localhost:3187/t/${link.token}`);
    expect(appUrl('/fi/returns/R-1')).toBe('http://localhost:3187/fi/returns/R-1');
  });

  it('APP_URL, when set, wins (without a trailing slash); a host bound to one address is used as is', () => {
    expect(appOrigin({ APP_URL: 'https://returns.shop.example/', PORT: '3187' })).toBe('https://returns.shop.example');
    expect(appOrigin({ PORT: '4000', HOST: '0.0.0.0' })).toBe('http://localhost:4000');
    expect(appOrigin({ PORT: '4000', HOST: '192.168.1.20' })).toBe('http://192.168.1.20:4000');
    expect(appOrigin({ PORT: '4000', HOST: '::1' })).toBe('http://[::1]:4000');
    expect(appOrigin({})).toBe('http://localhost:3000');
  });
});
