import { expect, test } from '../fixtures';

/**
 * Against the real server (scripts/server.mjs → Next.js): internal headers sent by a client have
 * no effect. With x-middleware-subrequest (CVE-2025-29927) the proxy still runs — the page still
 * gets its fresh nonce policy and `/` still negotiates the language — and a client-chosen nonce,
 * policy or client address is never used.
 */
const bypass = {
  'x-middleware-subrequest': 'proxy:proxy:proxy:proxy:proxy',
  'x-nonce': 'attackerchosennonce',
  'content-security-policy': "script-src * 'unsafe-inline'",
  'x-next-intl-locale': 'sv',
};

test.describe('[SECURITY] request headers and response headers', () => {
  test('x-middleware-subrequest and forged internal headers change nothing', async ({ request }) => {
    for (const subrequest of ['proxy:proxy:proxy:proxy:proxy', 'middleware:middleware:middleware:middleware:middleware', 'src/proxy', 'proxy']) {
      const page = await request.get('/en', { headers: { ...bypass, 'x-middleware-subrequest': subrequest } });
      expect(page.status()).toBe(200);
      const csp = page.headers()['content-security-policy'] ?? '';
      expect(csp).toMatch(/'nonce-[A-Za-z0-9+/=]{20,}'/);
      expect(csp).not.toContain('attackerchosennonce');
      expect(csp).not.toContain("'unsafe-inline' ;");
      expect(await page.text()).not.toContain('attackerchosennonce');
      // Language negotiation still ran (the proxy did): no locale → redirect by Accept-Language.
      const root = await request.get('/', { headers: { ...bypass, 'x-middleware-subrequest': subrequest, 'accept-language': 'fi' }, maxRedirects: 0 });
      expect(root.status()).toBeGreaterThanOrEqual(300);
      expect(root.status()).toBeLessThan(400);
      expect(root.headers()['location']).toMatch(/\/fi$/);
    }
  });

  test('staff pages and API responses carry the security headers; no X-Powered-By', async ({ request }) => {
    const login = await request.get('/staff/login', { headers: bypass });
    expect(login.status()).toBe(200);
    const h = login.headers();
    expect(h['content-security-policy']).toMatch(/script-src 'self' 'nonce-[^']+' 'strict-dynamic'/);
    expect(h['content-security-policy']).not.toContain('attackerchosennonce');
    expect(h['x-frame-options']).toBe('DENY');
    expect(h['x-content-type-options']).toBe('nosniff');
    expect(h['referrer-policy']).toBe('strict-origin-when-cross-origin');
    expect(h['permissions-policy']).toContain('camera=()');
    expect(h['cross-origin-opener-policy']).toBe('same-origin');
    expect(h['x-powered-by']).toBeUndefined();
    // Plain http in the test setup: no HSTS (it is sent when APP_URL is https).
    expect(h['strict-transport-security']).toBeUndefined();
    const api = await request.get('/api/health');
    expect(api.headers()['content-security-policy']).toBe("default-src 'none'; frame-ancestors 'none'; base-uri 'none'");
    expect(api.headers()['x-content-type-options']).toBe('nosniff');
  });

  test('a path with a dot is a page too: it gets the nonce policy (issue 12, item 9)', async ({ request }) => {
    for (const path of ['/en/orders/PRB.DOT1', '/fi/returns/R.1', '/en/policy.', '/staff/login.x']) {
      const res = await request.get(path, { maxRedirects: 0 });
      const csp = res.headers()['content-security-policy'] ?? '';
      expect(csp, `${path} (${res.status()})`).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]{20,}' 'strict-dynamic'/);
      expect(csp).toContain("frame-ancestors 'none'");
    }
    // A public file keeps its own name (no language redirect) and gets the policy as well.
    const offline = await request.get('/offline.html', { maxRedirects: 0 });
    expect(offline.status()).toBe(200);
    expect(offline.headers()['content-security-policy']).toContain("object-src 'none'");
  });

  test('a protected staff page stays protected with the bypass header', async ({ request }) => {
    const res = await request.get('/staff/settings/privacy', { headers: bypass, maxRedirects: 0 });
    expect([303, 307, 308, 302]).toContain(res.status());
    expect(res.headers()['location']).toContain('/staff/login');
  });
});
