/** The data-protection worker job: the daily retention purge (lib/privacy/purge.ts). */
import type { Db } from '@/db';
import { purgeExpiredData } from './purge';

type Boss = {
  createQueue(name: string, options: Record<string, unknown>): Promise<unknown>;
  schedule(name: string, cron: string): Promise<unknown>;
  work(name: string, handler: () => Promise<void>): Promise<unknown>;
};

export const PRIVACY_PURGE_QUEUE = 'privacy-purge';

export async function registerPrivacyJobs(boss: Boss, db: Db, log: (message: string) => void): Promise<void> {
  await boss.createQueue(PRIVACY_PURGE_QUEUE, { name: PRIVACY_PURGE_QUEUE, policy: 'singleton', retryLimit: 2, retryDelay: 300 });
  await boss.schedule(PRIVACY_PURGE_QUEUE, '37 3 * * *'); // daily, at a quiet hour (UTC)
  await boss.work(PRIVACY_PURGE_QUEUE, async () => {
    const counts = await purgeExpiredData(db);
    const moved = Object.entries(counts).filter(([, n]) => n > 0);
    log(`privacy purge: ${moved.length ? moved.map(([k, n]) => `${k} ${n}`).join(', ') : 'nothing past its retention period'}`);
  });
}
