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
    pathname.startsWith('/staff') || pathname.startsWith('/t/')
      ? NextResponse.next({ request: { headers } })
      : // next-intl forwards the request's headers (nonce and policy included) on next and rewrite.
        intl(new NextRequest(request, { headers }));
  response.headers.set('Content-Security-Policy', csp);
  return response;
}

export const config = {
  // Pages only: not the API (JSON, its own static policy in next.config.ts), not static files.
  matcher: ['/((?!api|_next|_vercel|.*\\..*).*)'],
};
