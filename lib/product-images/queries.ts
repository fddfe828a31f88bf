import { and, eq } from 'drizzle-orm';
import type { DbOrTx } from '@/db';
import { productImages } from '@/db/schema';
import type { ProductImageSize } from '@/lib/core/product-image-path';

/** One stored rendition's WebP bytes, or null (unknown hash, not fetched yet, failed). Never fetches remotely. */
export async function readProductImage(db: DbOrTx, hash: string, size: ProductImageSize): Promise<Buffer | null> {
  const [row] = await db
    .select({ bytes: size === 160 ? productImages.small : productImages.large })
    .from(productImages)
    .where(and(eq(productImages.urlHash, hash), eq(productImages.status, 'ok')))
    .limit(1);
  return row?.bytes ?? null;
}
