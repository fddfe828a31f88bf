import { getDb } from '@/db';
import { parseProductImageFile } from '@/lib/core/product-image-path';
import { readProductImage } from '@/lib/product-images/queries';

export const dynamic = 'force-dynamic';

/**
 * GET /api/images/p/<sha256 of the source URL>-<160|480>.webp: a product picture the worker fetched once and
 * re-encoded (lib/product-images). Public (product pictures, no personal data), served from our database only:
 * a request never makes us fetch anything. A name's bytes never change, so they are cached for a year.
 */
export async function GET(request: Request, { params }: { params: Promise<{ file: string }> }): Promise<Response> {
  const parsed = parseProductImageFile((await params).file);
  const bytes = parsed ? await readProductImage(getDb(), parsed.hash, parsed.size) : null;
  if (!parsed || !bytes) return new Response(null, { status: 404, headers: { 'cache-control': 'no-store' } });
  const etag = `"${parsed.hash.slice(0, 32)}-${parsed.size}"`;
  const headers = {
    'content-type': 'image/webp',
    'x-content-type-options': 'nosniff',
    'cache-control': 'public, max-age=31536000, immutable',
    etag,
  };
  if ((request.headers.get('if-none-match') ?? '').split(/\s*,\s*/).includes(etag)) return new Response(null, { status: 304, headers });
  return new Response(new Uint8Array(bytes), { headers: { ...headers, 'content-length': String(bytes.length) } });
}
