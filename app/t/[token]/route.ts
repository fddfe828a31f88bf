import { getDb } from '@/db';
import { grantLinkAccess } from '@/lib/auth/order-access';
import { isDatabaseUnavailable } from '@/lib/errors';
import { isLocale } from '@/lib/i18n/locales';
import { localeFromAcceptLanguage } from '@/lib/i18n/negotiate';
import { findRedeemableLink } from '@/lib/tracking-links/queries';

export const dynamic = 'force-dynamic';

/** The token never leaves this response: not in a Referer, not in a cache, not in a search index (LK-15). */
const TOKEN_HEADERS = { 'Referrer-Policy': 'no-referrer', 'Cache-Control': 'no-store, private', 'X-Robots-Tag': 'noindex, nofollow' };

function seeOther(path: string): Response {
  // A relative Location: the browser resolves it against the origin it used, never a Host we were sent.
  return new Response(null, { status: 303, headers: { ...TOKEN_HEADERS, Location: path } });
}

/**
 * A tracking link from an email. Reads only (mail scanners open every link, LK-14): checks the token,
 * swaps it for the order-access cookie (redacted `link` level) and redirects to the order page without
 * the token, in the order's language (the language of the email that carried the link; the page's
 * language switcher changes it). A dead link lands on a friendly page in the browser's language.
 */
export async function GET(request: Request, { params }: { params: Promise<{ token: string }> }): Promise<Response> {
  const { token } = await params;
  try {
    const link = await findRedeemableLink(getDb(), token);
    if (!link) return seeOther(`/${localeFromAcceptLanguage(request.headers.get('accept-language'))}/link-expired`);
    await grantLinkAccess(link.orderId, link.linkId, link.expiresAt);
    const locale = isLocale(link.locale) ? link.locale : localeFromAcceptLanguage(request.headers.get('accept-language'));
    return seeOther(`/${locale}/orders/${encodeURIComponent(link.orderNumber)}`);
  } catch (error) {
    if (!isDatabaseUnavailable(error)) console.error('Tracking link failed', error instanceof Error ? error.message : 'unknown');
    return new Response('Please try again in a moment.', { status: 503, headers: { ...TOKEN_HEADERS, 'Retry-After': '30', 'Content-Type': 'text/plain; charset=utf-8' } });
  }
}
