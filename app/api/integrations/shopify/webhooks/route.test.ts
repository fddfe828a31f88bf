import { describe, expect, it } from 'vitest';
import { POST } from './route';

// The route is thin: the cases live in lib/platforms/shopify/webhooks.test.ts. This checks the wiring.
describe('POST /api/integrations/shopify/webhooks', () => {
  it('answers JSON with the lib’s status and no caching; an unknown shop is 401', async () => {
    const response = await POST(
      new Request('http://localhost/api/integrations/shopify/webhooks', {
        method: 'POST',
        body: '{"id":1}',
        headers: { 'content-type': 'application/json', 'x-shopify-shop-domain': 'nobody-here.myshopify.com', 'x-shopify-hmac-sha256': 'AAAA', 'x-shopify-topic': 'orders/create' },
      }),
    );
    expect(response.status).toBe(401);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(await response.json()).toEqual({ error: { code: 'unauthorized', message: 'The webhook could not be authenticated.' } });
  });
});
