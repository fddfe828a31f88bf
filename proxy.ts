import createMiddleware from 'next-intl/middleware';
import { NextResponse, type NextRequest } from 'next/server';
import { routing } from './lib/i18n/routing';

const intl = createMiddleware(routing);

/**
 * The language of a customer URL that does not start with one: `/` negotiates from Accept-Language (else
 * Finnish), `/orders/X` or `/EN/orders/X` is redirected to its language's path. Every page's
 * Content-Security-Policy nonce, and the language of a URL that already has one, are set by scripts/server.mjs
 * before Next.js sees the request (lib/http/csp.ts `pageRequestHeaders`): running Next.js's proxy at all cost
 * the order page about a tenth of its CPU (docs/performance.md, session 24), so it runs only where it has work.
 * Authorization never lives here.
 */
export default function proxy(request: NextRequest) {
  // A file of public/ (/offline.html, /favicon.ico): served as it is, no language prefix.
  if (ROOT_FILE.test(request.nextUrl.pathname)) return NextResponse.next();
  // next-intl forwards the request's headers (the nonce and policy set by the server included).
  return intl(request);
}

const ROOT_FILE = /^\/[^/]+\.[A-Za-z0-9]+$/;

export const config = {
  // Not the API, Next.js's own assets, the staff desk, tracking links, or a path that starts with a language
  // exactly as lib/core/locales.ts spells them (lib/http/proxy-matcher.test.ts keeps the two lists equal).
  matcher: ['/((?!api(?:/|$)|_next/|_vercel/|staff(?:/|$)|t/|(?:fi|sv|en|da|nb)(?:/|$)).*)'],
};
