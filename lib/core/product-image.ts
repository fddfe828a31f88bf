import { type AnyColumn, sql, type SQL } from 'drizzle-orm';

/**
 * Product pictures (issue #18) as the read models see them: the `product_images` row (lib/product-images fetches
 * and stores it) whose source URL is an order line's or a variant's `image_url`, by the hex sha256 of that URL.
 * Here in core so that lib/orders and lib/returns can show a picture without importing the fetcher's domain.
 */
export const PRODUCT_IMAGE_SIZES = [160, 480] as const;
export type ProductImageSize = (typeof PRODUCT_IMAGE_SIZES)[number];

/** The hash of a stored, ready picture for this URL column, or null (no URL, not fetched yet, failed). */
export function productImageRef(urlColumn: AnyColumn | SQL): SQL<string | null> {
  return sql<string | null>`(select pi.url_hash from product_images pi where pi.url = ${urlColumn} and pi.status = 'ok' limit 1)`;
}

/** Where our own route serves one rendition (app/api/images/p/[file]/route.ts): never the merchant's host. */
export function productImagePath(hash: string, size: ProductImageSize): string {
  return `/api/images/p/${hash}-${size}.webp`;
}

/** Parses `<64 hex>-<size>.webp`, or null. */
export function parseProductImageFile(file: string): { hash: string; size: ProductImageSize } | null {
  const match = /^([0-9a-f]{64})-(\d+)\.webp$/.exec(file);
  if (!match) return null;
  const size = Number(match[2]) as ProductImageSize;
  return PRODUCT_IMAGE_SIZES.includes(size) ? { hash: match[1]!, size } : null;
}
