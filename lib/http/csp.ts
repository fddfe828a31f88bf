import { locales } from '../core/locales';

/**
 * The Content-Security-Policy of every page, with a fresh nonce per request (set by scripts/server.mjs through
 * pageRequestHeaders below).
 * Scripts: only those carrying the nonce ('strict-dynamic' lets them load the app's chunks), so an
 * injected <script> or inline handler never runs. Styles allow inline: React style attributes and
 * Radix's scroll-lock <style> carry no nonce, and CSS cannot run code.
 */
export type CspOptions = { nonce: string; dev?: boolean; https?: boolean };

export function contentSecurityPolicy({ nonce, dev = false, https = false }: CspOptions): string {
  const directives = [
    `default-src 'self'`,
    // React's development build evaluates code (dev only; production never gets 'unsafe-eval').
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? ` 'unsafe-eval'` : ''}`,
    `style-src 'self' 'unsafe-inline'`,
    // blob: previews of photos being uploaded; data: QR codes and small icons.
    `img-src 'self' blob: data:`,
    `font-src 'self'`,
    `connect-src 'self'${dev ? ' ws: wss:' : ''}`,
    `media-src 'self'`,
    `worker-src 'self' blob:`,
    `object-src 'none'`,
    `base-uri 'none'`,
    `form-action 'self'`,
    `frame-ancestors 'none'`,
    `frame-src 'self'`,
    `manifest-src 'self'`,
  ];
  if (https) directives.push('upgrade-insecure-requests');
  return directives.join('; ');
}

/** 128 random bits, base64: unguessable and unique per response. */
export function createNonce(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return btoa(String.fromCharCode(...bytes));
}

export const NONCE_HEADER = 'x-nonce';

/** Paths that are not pages: the API (JSON, its own static policy in next.config.ts) and Next.js's own assets. */
const NOT_A_PAGE = /^\/(?:api(?:\/|$)|_next\/|_vercel\/)/;
/** A customer page's language: the first path segment, exactly as the routes spell it (`/EN/…` is left to proxy.ts). */
const LOCALE_PREFIX = new RegExp(`^/(${locales.join('|')})(?:/|$)`);
export const LOCALE_HEADER = 'x-next-intl-locale';

/**
 * What a page request carries into Next.js, set by scripts/server.mjs after it has stripped the client's own
 * copies of these headers: the nonce and the policy (Next.js reads the nonce from the request's policy and puts
 * it on its scripts) and, on a customer page, its language for next-intl (`requestLocale`, which server actions
 * read too). The same policy goes on the response. Done here rather than in proxy.ts because running Next.js's proxy
 * at all (a web Request, a NextURL, header copies) cost the order page about a tenth of its CPU; proxy.ts now
 * runs only where the language is negotiated or corrected (docs/performance.md, session 24). Null: not a page.
 */
export function pageRequestHeaders(pathname: string, options: Omit<CspOptions, 'nonce'> = {}): { request: Record<string, string>; policy: string } | null {
  if (NOT_A_PAGE.test(pathname)) return null;
  const nonce = createNonce();
  const policy = contentSecurityPolicy({ nonce, ...options });
  const request: Record<string, string> = { [NONCE_HEADER]: nonce, 'content-security-policy': policy };
  const locale = LOCALE_PREFIX.exec(pathname)?.[1];
  if (locale) request[LOCALE_HEADER] = locale;
  return { request, policy };
}
