import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
// The function Next.js compiles proxy.ts's matcher with at build time, so the paths below are decided as in production.
import * as staticInfo from 'next/dist/build/analysis/get-page-static-info';
import { locales } from '../core/locales';
import { LOCALE_HEADER, NONCE_HEADER, pageRequestHeaders } from './csp';

// Next.js reads the matcher as a literal from proxy.ts's source (importing proxy.ts here would load next-intl's
// middleware, which plain Node cannot resolve), so it is read the same way.
const source = readFileSync(new URL('../../proxy.ts', import.meta.url), 'utf8');
const matcher = JSON.parse((/matcher: (\[[^\]]*\])/.exec(source)?.[1] ?? '[]').replaceAll("'", '"')) as string[];
// Not in Next.js's type declarations, but the function its build runs on the matcher.
const { getMiddlewareMatchers } = staticInfo as unknown as { getMiddlewareMatchers: (matcher: string[], nextConfig: object) => Array<{ regexp: string }> };
const matchers = getMiddlewareMatchers(matcher, {});
const proxyRuns = (pathname: string) => matchers.some((m) => new RegExp(m.regexp).test(pathname));

describe('which requests run proxy.ts', () => {
  it('runs where the language is negotiated or corrected: the root, unprefixed and miscased paths, public files', () => {
    for (const path of ['/', '/orders/KK-1', '/EN/orders/KK-1', '/english', '/fin', '/favicon.ico', '/offline.html', '/staffing']) {
      expect(proxyRuns(path), path).toBe(true);
    }
  });

  it('skips every path that starts with one of the languages exactly as lib/core/locales.ts lists them', () => {
    for (const locale of locales) {
      for (const path of [`/${locale}`, `/${locale}/`, `/${locale}/orders/KK-1`, `/${locale}/orders/PRB.DOT1`]) expect(proxyRuns(path), path).toBe(false);
    }
    // The matcher spells the languages out (Next.js needs a literal); a language added to locales.ts must be added there.
    const spelled = /\(\?:([a-z|]+)\)\(\?:\/\|\$\)/.exec(matcher[0] ?? '')?.[1]?.split('|');
    expect(spelled?.sort()).toEqual([...locales].sort());
  });

  it('skips the staff desk, tracking links, the API and Next.js assets', () => {
    for (const path of ['/staff', '/staff/cases/x', '/t/abc', '/api', '/api/v1/orders', '/_next/static/chunks/a.js']) expect(proxyRuns(path), path).toBe(false);
  });
});

describe('pageRequestHeaders (scripts/server.mjs)', () => {
  it('gives a customer page its nonce, its policy with that nonce, and its language', () => {
    const page = pageRequestHeaders('/sv/orders/KK-1');
    const nonce = page?.request[NONCE_HEADER];
    expect(nonce).toMatch(/^[A-Za-z0-9+/]{22}==$/);
    expect(page?.policy).toContain(`'nonce-${nonce}'`);
    expect(page?.request['content-security-policy']).toBe(page?.policy);
    expect(page?.request[LOCALE_HEADER]).toBe('sv');
    expect(pageRequestHeaders('/sv/orders/KK-1')?.request[NONCE_HEADER]).not.toBe(nonce);
  });

  it('gives staff pages, tracking links, public files and unprefixed paths the policy but no language', () => {
    for (const path of ['/staff', '/t/abc', '/favicon.ico', '/', '/EN/orders/KK-1', '/english']) {
      const page = pageRequestHeaders(path);
      expect(page?.policy, path).toContain("'strict-dynamic'");
      expect(page?.request[LOCALE_HEADER], path).toBeUndefined();
    }
  });

  it('leaves the API and Next.js assets alone', () => {
    for (const path of ['/api', '/api/v1/orders', '/_next/static/chunks/a.js', '/_vercel/insights']) expect(pageRequestHeaders(path), path).toBeNull();
  });

  it('follows the deployment: upgrade-insecure-requests behind https, eval only in development', () => {
    expect(pageRequestHeaders('/fi', { https: true })?.policy).toContain('upgrade-insecure-requests');
    expect(pageRequestHeaders('/fi', { dev: true })?.policy).toContain("'unsafe-eval'");
    expect(pageRequestHeaders('/fi')?.policy).not.toContain("'unsafe-eval'");
  });
});
