/**
 * The Content-Security-Policy of every page, with a fresh nonce per request (set by proxy.ts).
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
