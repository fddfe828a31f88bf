import { describe, expect, it } from 'vitest';
import { POST } from './route';

// The route is thin: the cases live in lib/carriers/receive-webhook.test.ts. This checks the wiring.
const call = (carrier: string, body: string, headers: Record<string, string> = {}) =>
  POST(new Request(`http://localhost/api/webhooks/carriers/${carrier}`, { method: 'POST', body, headers }), { params: Promise.resolve({ carrier }) });

describe('POST /api/webhooks/carriers/[carrier]', () => {
  it('answers JSON with the lib’s status and no caching', async () => {
    const missing = await call('posti', '{}');
    expect(missing.status).toBe(404);
    expect(missing.headers.get('cache-control')).toBe('no-store');
    expect(await missing.json()).toEqual({ error: { code: 'not_found', message: 'This carrier does not push tracking events.' } });
    const unauthenticated = await call('dhl', '{"shipments":[]}');
    expect(unauthenticated.status).toBe(401);
  });
});
