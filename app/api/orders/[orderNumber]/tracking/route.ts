import { createHash } from 'node:crypto';
import { getDb } from '@/db';
import { readOrderGrants } from '@/lib/auth/order-access';
import { toHttpResponse } from '@/lib/errors';
import { getShopSettings } from '@/lib/settings/shop';
import { getTrackingByNumber } from '@/lib/tracking/queries';

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
    const [grants, shop] = await Promise.all([readOrderGrants(), getShopSettings()]);
    const tracking = await getTrackingByNumber(getDb(), orderNumber, grants, shop.timeZone);
    // No grant, a dead link and no such order look the same.
    if (!tracking) return Response.json({ error: { code: 'not_found', message: 'Not found.' } }, { status: 404, headers: PRIVATE });
    const body = JSON.stringify(tracking);
    const etag = `"${createHash('sha1').update(body).digest('base64url')}"`;
    if (request.headers.get('if-none-match') === etag) return new Response(null, { status: 304, headers: { ...PRIVATE, ETag: etag } });
    return new Response(body, { status: 200, headers: { ...PRIVATE, ETag: etag, 'Content-Type': 'application/json; charset=utf-8' } });
  } catch (error) {
    return toHttpResponse(error);
  }
}
