/**
 * Automation's worker job, registered by scripts/worker.mjs: the "close after N days waiting on the customer"
 * sweep every 15 minutes; `singleton` so two workers never run it at once.
 */
import type { Db } from '@/db';
import { closeWaitingCases } from './close-waiting-cases';

type Boss = {
  createQueue(name: string, options: Record<string, unknown>): Promise<unknown>;
  schedule(name: string, cron: string): Promise<unknown>;
  work(name: string, handler: () => Promise<void>): Promise<unknown>;
};

export const AUTOMATION_CLOSE_QUEUE = 'automation-close-waiting';

export async function registerAutomationJobs(boss: Boss, db: Db, log: (message: string) => void): Promise<void> {
  await boss.createQueue(AUTOMATION_CLOSE_QUEUE, { name: AUTOMATION_CLOSE_QUEUE, policy: 'singleton', retryLimit: 2, retryDelay: 60 });
  await boss.schedule(AUTOMATION_CLOSE_QUEUE, '*/15 * * * *');
  await boss.work(AUTOMATION_CLOSE_QUEUE, async () => {
    const { closed } = await closeWaitingCases(db);
    if (closed > 0) log(`automation: resolved ${closed} cases after waiting on the customer`);
  });
}
