import { describe, expect, it } from 'vitest';
import { POST } from './route';

// The route is thin: the cases live in lib/platforms/woocommerce/webhooks.test.ts. This checks the wiring.
describe('POST /api/integrations/woocommerce/webhooks', () => {
  it('answers JSON with the lib’s status and no caching; an unknown store is 401; the creation ping is 200', async () => {
    const response = await POST(
      new Request('http://localhost/api/integrations/woocommerce/webhooks', {
        method: 'POST',
        body: '{"id":1}',
        headers: { 'content-type': 'application/json', 'x-wc-webhook-source': 'https://nobody-here.example.com/', 'x-wc-webhook-signature': 'AAAA', 'x-wc-webhook-topic': 'order.created', 'x-wc-webhook-delivery-id': '1' },
      }),
    );
    expect(response.status).toBe(401);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(await response.json()).toEqual({ error: { code: 'unauthorized', message: 'The webhook could not be authenticated.' } });
    const ping = await POST(new Request('http://localhost/api/integrations/woocommerce/webhooks', { method: 'POST', body: 'webhook_id=142', headers: { 'content-type': 'application/x-www-form-urlencoded' } }));
    expect(ping.status).toBe(200);
  });
});
