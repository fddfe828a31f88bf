import createMiddleware from 'next-intl/middleware';
import { routing } from './lib/i18n/routing';

// Only negotiates the language and redirects; authorization never lives here.
export default createMiddleware(routing);

export const config = {
  // Customer pages only: not the API, staff desk, tracking links, or static files.
  matcher: ['/((?!api|staff|t/|_next|_vercel|.*\\..*).*)'],
};
