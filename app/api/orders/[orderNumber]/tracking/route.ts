import { createHash } from 'node:crypto';
import { getDb } from '@/db';
import { getOrderAccess } from '@/lib/auth/order-access';
import { toHttpResponse } from '@/lib/errors';
import { findOrderIdByNumber } from '@/lib/orders/queries';
import { getShopSettings } from '@/lib/settings/shop';
import { getTracking } from '@/lib/tracking/queries';

export const dynamic = 'force-dynamic';

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

const PRIVATE = { 'Cache-Control': 'no-store, private', 'Referrer-Policy': 'no-referrer', 'X-Robots-Tag': 'noindex, nofollow', Vary: 'Cookie' };

/**
 * The live poll of the tracking page: the same DTO the page rendered first, for a browser holding the
 * order-access cookie (verified or link). ETag / If-None-Match → 304 when nothing changed.
 */
export async function GET(request: Request, { params }: { params: Promise<{ orderNumber: string }> }): Promise<Response> {
  try {
    const orderNumber = safeDecode((await params).orderNumber).slice(0, 64);
    const db = getDb();
    const orderId = await findOrderIdByNumber(db, orderNumber);
    const access = orderId ? await getOrderAccess(orderId) : null;
    // No grant and no such order look the same.
    if (!access) return Response.json({ error: { code: 'not_found', message: 'Not found.' } }, { status: 404, headers: PRIVATE });
    const shop = await getShopSettings();
    const body = JSON.stringify(await getTracking(db, access, orderNumber, shop.timeZone));
    const etag = `"${createHash('sha1').update(body).digest('base64url')}"`;
    if (request.headers.get('if-none-match') === etag) return new Response(null, { status: 304, headers: { ...PRIVATE, ETag: etag } });
    return new Response(body, { status: 200, headers: { ...PRIVATE, ETag: etag, 'Content-Type': 'application/json; charset=utf-8' } });
  } catch (error) {
    return toHttpResponse(error);
  }
}
