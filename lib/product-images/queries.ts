import { eq } from 'drizzle-orm';
import type { DbOrTx } from '@/db';
import { productImages } from '@/db/schema';
import type { ProductImageSize } from '@/lib/core/product-image-path';

/** One stored rendition's WebP bytes, or null (unknown hash, not fetched yet, failed). Never fetches remotely. */
export async function readProductImage(db: DbOrTx, hash: string, size: ProductImageSize): Promise<Buffer | null> {
  const [row] = await db
    .select({ status: productImages.status, small: productImages.small, large: productImages.large })
    .from(productImages)
    .where(eq(productImages.urlHash, hash))
    .limit(1);
  if (!row || row.status !== 'ok') return null;
  return (size === 160 ? row.small : row.large) ?? null;
}
