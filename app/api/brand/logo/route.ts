import { getDb } from '@/db';
import { readLogoPng } from '@/lib/settings/logo';

/**
 * The shop's logo (PNG, re-encoded at upload). Public: customer pages, emails and labels show it.
 * `?v=<version>` URLs never change content, so they are cached for a year.
 */
export async function GET(request: Request): Promise<Response> {
  const logo = await readLogoPng(getDb());
  if (!logo) return new Response(null, { status: 404 });
  const versioned = new URL(request.url).searchParams.get('v') === logo.version;
  return new Response(new Uint8Array(logo.png), {
    headers: {
      'content-type': 'image/png',
      'x-content-type-options': 'nosniff',
      'cache-control': versioned ? 'public, max-age=31536000, immutable' : 'public, max-age=60',
    },
  });
}
