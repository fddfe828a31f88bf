import { eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '@/db';
import { productImages } from '@/db/schema';
import type { Lookup } from '@/lib/webhooks/url-guard';
import { fetchImage } from './fetch-image';
import { renderProductImage } from './render-image';

/** Tries per URL for a transient failure (timeout, network, 5xx); a permanent one fails at once. */
export const MAX_IMAGE_ATTEMPTS = 3;
/** Wait before try 2 and 3. */
const BACKOFF_SECONDS = [60, 600];
/** A claimed row is the worker's for this long (fetch ≤ 5 s, render well under that). */
const LEASE_SECONDS = 60;

export type ImagePass = { ok: number; retrying: number; failed: number };

type Claimed = { url_hash: string; url: string; attempts: number };

/**
 * One pass of the image fetcher: claims due `pending` rows (FOR UPDATE SKIP LOCKED, with a lease, so any number
 * of workers fetch each URL once), fetches and renders each outside any transaction, then stores the renditions
 * (`ok`) or the error: retried with backoff up to MAX_IMAGE_ATTEMPTS, then `failed`. A failure only leaves the
 * picture out; orders never depend on it. Rows are a cache of public product pictures, not a case's state, so no
 * audit row is written (like webhook delivery attempts).
 */
export async function fetchDueImages(db: Db, options: { batch?: number; lookup?: Lookup; timeoutMs?: number; maxBytes?: number; /** Only these URLs' rows (tests; a one-off retry). */ onlyUrls?: string[] } = {}): Promise<ImagePass> {
  const pass: ImagePass = { ok: 0, retrying: 0, failed: 0 };
  const claimed = (await db.execute(sql`
    update product_images set lease_until = now() + make_interval(secs => ${LEASE_SECONDS}), attempts = attempts + 1, updated_at = now()
    where url_hash in (
      select url_hash from product_images
      where status = 'pending' and next_attempt_at <= now() and (lease_until is null or lease_until < now())
        ${options.onlyUrls ? sql`and ${inArray(productImages.url, options.onlyUrls)}` : sql``}
      order by next_attempt_at limit ${options.batch ?? 10}
      for update skip locked)
    returning url_hash, url, attempts`)) as unknown as Claimed[];
  for (const row of claimed) {
    const fetched = await fetchImage(row.url, { lookup: options.lookup, timeoutMs: options.timeoutMs, maxBytes: options.maxBytes });
    const rendered = fetched.ok ? await renderProductImage(fetched.bytes) : null;
    if (rendered?.ok) {
      await db
        .update(productImages)
        .set({ status: 'ok', small: rendered.small, large: rendered.large, sizes: rendered.sizes, error: null, fetchedAt: new Date(), leaseUntil: null })
        .where(eq(productImages.urlHash, row.url_hash));
      pass.ok += 1;
      continue;
    }
    const error = fetched.ok ? (rendered as { error: string }).error : fetched.error;
    const permanent = fetched.ok || fetched.permanent;
    if (permanent || row.attempts >= MAX_IMAGE_ATTEMPTS) {
      await db.update(productImages).set({ status: 'failed', error, fetchedAt: new Date(), leaseUntil: null }).where(eq(productImages.urlHash, row.url_hash));
      pass.failed += 1;
    } else {
      const wait = BACKOFF_SECONDS[row.attempts - 1] ?? BACKOFF_SECONDS.at(-1)!;
      await db
        .update(productImages)
        .set({ error, leaseUntil: null, nextAttemptAt: sql`now() + make_interval(secs => ${wait})` })
        .where(eq(productImages.urlHash, row.url_hash));
      pass.retrying += 1;
    }
  }
  return pass;
}

/** Fetches until nothing is due (a burst of new URLs is worked off in one wake). */
export async function drainDueImages(db: Db, options: Parameters<typeof fetchDueImages>[1] = {}): Promise<ImagePass> {
  const total: ImagePass = { ok: 0, retrying: 0, failed: 0 };
  for (;;) {
    const pass = await fetchDueImages(db, options);
    total.ok += pass.ok;
    total.retrying += pass.retrying;
    total.failed += pass.failed;
    if (pass.ok + pass.retrying + pass.failed === 0) return total;
  }
}
