import { sql } from 'drizzle-orm';
import { check, index, integer, jsonb, pgTable, text, varchar } from 'drizzle-orm/pg-core';
import { bytea, createdAt, instant, updatedAt } from './columns';

export type ProductImageStatus = 'pending' | 'ok' | 'failed';
/** Pixel size of each stored rendition, by its long side (160, 480). */
export type ProductImageSizes = Record<string, { width: number; height: number; bytes: number }>;

/**
 * Product pictures from the merchant API's `imageUrl` (order lines, variants), fetched once per distinct URL by
 * the worker (lib/product-images), re-encoded to WebP and served by us (/api/images/p/<hash>-<size>.webp), so
 * customer pages never load a third-party host. Keyed by sha256(url) in hex; `url` has a hash index for the
 * read models' join (lib/core/product-image.ts).
 */
export const productImages = pgTable(
  'product_images',
  {
    urlHash: varchar({ length: 64 }).primaryKey(),
    url: text().notNull(),
    status: varchar({ length: 8 }).$type<ProductImageStatus>().notNull().default('pending'),
    attempts: integer().notNull().default(0),
    nextAttemptAt: instant().notNull().defaultNow(),
    /** A worker holds the row until then while it fetches (a killed worker's row is picked up after it). */
    leaseUntil: instant(),
    error: text(),
    fetchedAt: instant(),
    sizes: jsonb().$type<ProductImageSizes>(),
    /** WebP, at most 160 px on the long side. */
    small: bytea(),
    /** WebP, at most 480 px on the long side. */
    large: bytea(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('product_images_url_idx').using('hash', t.url),
    index('product_images_due_idx').on(t.nextAttemptAt).where(sql`${t.status} = 'pending'`),
    check('product_images_status', sql`${t.status} in ('pending', 'ok', 'failed')`),
    check('product_images_ok_has_bytes', sql`${t.status} <> 'ok' or (${t.small} is not null and ${t.large} is not null)`),
  ],
);
