import { describe, expect, it } from 'vitest';
import { isInternalHeader, stripInternalHeaders, transportSecurityHeaders } from '../../scripts/lib/internal-headers.mjs';
import { contentSecurityPolicy, createNonce } from './csp';

describe('internal request headers', () => {
  it('strips every header Next.js, next-intl, the proxy or this server trust internally, in any case', () => {
    const headers: Record<string, string> = {
      'x-middleware-subrequest': 'middleware:middleware:middleware:middleware:middleware',
      'x-middleware-prefetch': '1',
      'x-middleware-rewrite': '/staff',
      'x-nextjs-data': '1',
      'x-invoke-path': '/staff',
      'x-next-intl-locale': 'fi',
      'x-nonce': 'attacker',
      'content-security-policy': "script-src *",
      'x-paluu-client-ip': '1.2.3.4',
      host: 'shop.example',
      cookie: 'a=b',
      'x-forwarded-for': '203.0.113.1',
      accept: 'text/html',
    };
    expect(Object.keys(stripInternalHeaders(headers)).sort()).toEqual(['accept', 'cookie', 'host', 'x-forwarded-for']);
    expect(isInternalHeader('X-Middleware-Subrequest')).toBe(true);
    expect(isInternalHeader('x-request-id')).toBe(false);
  });

  it('sends HSTS only when the site is served over https', () => {
    expect(transportSecurityHeaders('https://returns.shop.example')).toEqual({ 'Strict-Transport-Security': 'max-age=63072000; includeSubDomains' });
    expect(transportSecurityHeaders('http://localhost:3000')).toEqual({});
    expect(transportSecurityHeaders(undefined)).toEqual({});
  });
});

describe('content security policy', () => {
  it('allows scripts only with the nonce, never eval in production, and forbids framing, plugins and base tags', () => {
    const nonce = createNonce();
    const csp = contentSecurityPolicy({ nonce });
    const directives = Object.fromEntries(csp.split('; ').map((d) => [d.split(' ')[0], d.split(' ').slice(1).join(' ')]));
    expect(directives['script-src']).toBe(`'self' 'nonce-${nonce}' 'strict-dynamic'`);
    expect(directives['object-src']).toBe("'none'");
    expect(directives['base-uri']).toBe("'none'");
    expect(directives['frame-ancestors']).toBe("'none'");
    expect(directives['form-action']).toBe("'self'");
    expect(csp).not.toContain('unsafe-eval');
    expect(csp).not.toContain('upgrade-insecure-requests');
    expect(contentSecurityPolicy({ nonce, https: true })).toContain('upgrade-insecure-requests');
    expect(contentSecurityPolicy({ nonce, dev: true })).toContain("'unsafe-eval'");
  });

  it('makes a fresh, unguessable nonce each time', () => {
    const nonces = new Set(Array.from({ length: 1000 }, createNonce));
    expect(nonces.size).toBe(1000);
    for (const n of nonces) expect(n).toMatch(/^[A-Za-z0-9+/]{22}==$/);
  });
});
