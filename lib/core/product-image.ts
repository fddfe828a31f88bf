import { type AnyColumn, sql, type SQL } from 'drizzle-orm';

/**
 * Product pictures (issue #18) as the read models see them: the `product_images` row (lib/product-images fetches
 * and stores it) whose source URL is an order line's or a variant's `image_url`. Here in core so that lib/orders
 * and lib/returns can show a picture without importing the fetcher's domain (which sits above them).
 */
export { PRODUCT_IMAGE_SIZES, parseProductImageFile, productImagePath, type ProductImageSize } from './product-image-path';

/** The hash of a stored, ready picture for this URL column, or null (no URL, not fetched yet, failed). */
export function productImageRef(urlColumn: AnyColumn | SQL): SQL<string | null> {
  return sql<string | null>`(select pi.url_hash from product_images pi where pi.url = ${urlColumn} and pi.status = 'ok' limit 1)`;
}
