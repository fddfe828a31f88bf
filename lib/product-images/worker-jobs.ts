/**
 * The product-image fetcher (issue #18), registered by scripts/worker.mjs: a pg-boss queue woken by NOTIFY when
 * the `product-images.queue` subscriber adds URLs, with a minute cron as the backstop (retries that fall due, a
 * killed worker's leases, catalogue variants' URLs). `stately`: one pass queued and one running.
 */
import type PgBoss from 'pg-boss';
import type { Db } from '@/db';
import { createOrUpdateQueue, type JobBoss } from '@/lib/core/periodic-job';
import { drainDueImages } from './fetch-due-images';
import { PRODUCT_IMAGES_CHANNEL, queueMissingImages } from './queue-images';

type Boss = JobBoss & Pick<PgBoss, 'send'>;
type Listener = { listen(channel: string, onNotify: () => void): Promise<unknown> };

export const PRODUCT_IMAGES_QUEUE = 'product-images-fetch';

export async function registerProductImageJobs(boss: Boss, db: Db, listener: Listener, log: (message: string) => void): Promise<void> {
  await createOrUpdateQueue(boss, PRODUCT_IMAGES_QUEUE, { policy: 'stately', retryLimit: 2, retryDelay: 30, expireInSeconds: 600 });
  await boss.schedule(PRODUCT_IMAGES_QUEUE, '* * * * *');
  await boss.work(PRODUCT_IMAGES_QUEUE, { pollingIntervalSeconds: 2 }, async () => {
    const queued = await queueMissingImages(db);
    const done = await drainDueImages(db);
    if (queued + done.ok + done.retrying + done.failed > 0)
      log(`product images: ${queued} queued, ${done.ok} stored, ${done.retrying} to retry, ${done.failed} failed`);
  });
  await listener.listen(PRODUCT_IMAGES_CHANNEL, () => {
    boss.send(PRODUCT_IMAGES_QUEUE, {}).catch(() => {});
  });
}
