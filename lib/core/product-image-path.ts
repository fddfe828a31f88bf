/**
 * Where product pictures (issue #18) are served: our own route (app/api/images/p/[file]/route.ts), never the
 * merchant's host. Pure (no database imports): client components build their `<img>` from it.
 */
export const PRODUCT_IMAGE_SIZES = [160, 480] as const;
export type ProductImageSize = (typeof PRODUCT_IMAGE_SIZES)[number];

/** The URL of one rendition of a stored picture, by the hex sha256 of its source URL. */
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
