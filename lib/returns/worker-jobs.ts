/**
 * Returns' worker job, registered by scripts/worker.mjs: the ship-now overdue sweep every 15 minutes
 * (lib/returns/flag-overdue-ship-now.ts); `singleton` so two workers never run it at once.
 */
import type { Db } from '@/db';
import { flagOverdueShipNow } from './flag-overdue-ship-now';

type Boss = {
  createQueue(name: string, options: Record<string, unknown>): Promise<unknown>;
  schedule(name: string, cron: string): Promise<unknown>;
  work(name: string, handler: () => Promise<void>): Promise<unknown>;
};

export const SHIP_NOW_OVERDUE_QUEUE = 'returns-ship-now-overdue';

export async function registerReturnJobs(boss: Boss, db: Db, log: (message: string) => void): Promise<void> {
  await boss.createQueue(SHIP_NOW_OVERDUE_QUEUE, { name: SHIP_NOW_OVERDUE_QUEUE, policy: 'singleton', retryLimit: 2, retryDelay: 60 });
  await boss.schedule(SHIP_NOW_OVERDUE_QUEUE, '*/15 * * * *');
  await boss.work(SHIP_NOW_OVERDUE_QUEUE, async () => {
    const { flagged } = await flagOverdueShipNow(db);
    if (flagged > 0) log(`returns: ${flagged} ship-now returns overdue, cases flagged`);
  });
}
