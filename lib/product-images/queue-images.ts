import { sql } from 'drizzle-orm';
import type { DbOrTx } from '@/db';

/** NOTIFYed at commit when new URLs wait to be fetched: the worker's image loop wakes (lib/product-images/worker-jobs.ts). */
export const PRODUCT_IMAGES_CHANNEL = 'product_images';

/** The row key of a URL: hex sha256 of its UTF-8 text (the same expression everywhere, in SQL). */
const hashOf = (column: string) => sql.raw(`encode(sha256(convert_to(${column}, 'UTF8')), 'hex')`);

/**
 * Queues the distinct image URLs of one order's lines: one `product_images` row per URL across all orders
 * (an existing row, fetched, pending or failed, is left alone), so a URL is fetched once however many orders
 * carry it. Returns how many URLs are new.
 */
export async function queueOrderImages(tx: DbOrTx, orderId: string): Promise<number> {
  const rows = await tx.execute(sql`
    insert into product_images (url_hash, url)
    select distinct ${hashOf('ol.image_url')}, ol.image_url from order_lines ol
    where ol.order_id = ${orderId}::uuid and ol.image_url is not null
    on conflict (url_hash) do nothing
    returning url_hash`);
  if (rows.length > 0) await tx.execute(sql`select pg_notify(${PRODUCT_IMAGES_CHANNEL}, '')`);
  return rows.length;
}

/**
 * The backstop for catalogue variants' URLs (exchange choices; they do not arrive through `order.upserted`). Orders
 * from before this feature need none: a new subscriber reads the event log from its start. Bounded per run.
 */
export async function queueMissingImages(db: DbOrTx, limit = 500): Promise<number> {
  const rows = await db.execute(sql`
    insert into product_images (url_hash, url)
    select ${hashOf('u.url')}, u.url from (
      select distinct v.image_url as url from variants v
      where v.image_url is not null and not exists (select 1 from product_images pi where pi.url = v.image_url)
      limit ${limit}
    ) u
    on conflict (url_hash) do nothing
    returning url_hash`);
  return rows.length;
}
