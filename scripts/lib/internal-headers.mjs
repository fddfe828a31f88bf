import { CLIENT_IP_HEADER } from './client-ip.mjs';

// Headers Next.js (or this server, or next-intl, or proxy.ts) uses internally. A client that sends
// them could skip the proxy (CVE-2025-29927: x-middleware-subrequest), fake its address, its
// language negotiation or the CSP nonce, so they are removed before Next.js sees the request.
const PREFIXES = ['x-middleware-', 'x-nextjs-', 'x-invoke-', 'x-next-intl-'];
const NAMES = new Set([CLIENT_IP_HEADER, 'x-nonce', 'content-security-policy', 'x-matched-path', 'x-now-route-matches', 'x-prerender-revalidate']);

export function isInternalHeader(name) {
  const lower = name.toLowerCase();
  return NAMES.has(lower) || PREFIXES.some((prefix) => lower.startsWith(prefix));
}

/** Deletes every internal header from Node's (lower-cased) request header object, in place. */
export function stripInternalHeaders(headers) {
  for (const name of Object.keys(headers)) if (isInternalHeader(name)) delete headers[name];
  return headers;
}

/** Response headers this server adds to everything: HSTS only when the site is served over TLS. */
export function transportSecurityHeaders(appUrl) {
  return String(appUrl ?? '').startsWith('https://') ? { 'Strict-Transport-Security': 'max-age=63072000; includeSubDomains' } : {};
}
