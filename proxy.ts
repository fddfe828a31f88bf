import { NextRequest, NextResponse } from 'next/server';
import createMiddleware from 'next-intl/middleware';
import { contentSecurityPolicy, createNonce, NONCE_HEADER } from './lib/http/csp';
import { routing } from './lib/i18n/routing';

const intl = createMiddleware(routing);
const dev = process.env.NODE_ENV !== 'production';
const https = (process.env.APP_URL ?? '').startsWith('https://');

/**
 * Every page gets a Content-Security-Policy with a fresh nonce. Next.js reads the nonce from the
 * request's CSP header and puts it on its own scripts. Customer pages also negotiate the language
 * (next-intl); staff pages and tracking links only get the policy. Authorization never lives here.
 */
export default function proxy(request: NextRequest) {
  const nonce = createNonce();
  const csp = contentSecurityPolicy({ nonce, dev, https });
  const headers = new Headers(request.headers);
  headers.set(NONCE_HEADER, nonce);
  headers.set('content-security-policy', csp);
  const { pathname } = request.nextUrl;
  const response =
    pathname.startsWith('/staff') || pathname.startsWith('/t/') || ROOT_FILE.test(pathname)
      ? NextResponse.next({ request: { headers } })
      : // next-intl forwards the request's headers (nonce and policy included) on next and rewrite.
        intl(new NextRequest(request, { headers }));
  response.headers.set('Content-Security-Policy', csp);
  return response;
}

/** A file of public/ (/offline.html, /favicon.ico): served as it is, no language prefix, but with the policy too. */
const ROOT_FILE = /^\/[^/]+\.[A-Za-z0-9]+$/;

export const config = {
  // Everything but the API (JSON, its own static policy in next.config.ts) and Next.js's own assets. A path
  // with a dot is a page too (/en/orders/PRB.DOT1): excluding dotted paths let such pages render without a CSP.
  matcher: ['/((?!api(?:/|$)|_next/|_vercel/).*)'],
};
