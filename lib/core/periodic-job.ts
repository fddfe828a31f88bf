/**
 * A domain's periodic sweep as a pg-boss job (registered by scripts/worker.mjs): one queue, a cron schedule,
 * `singleton` (or `stately`) so two workers never run it at once, and a couple of retries.
 */
import type PgBoss from 'pg-boss';

export type JobBoss = Pick<PgBoss, 'createQueue' | 'updateQueue' | 'schedule' | 'work'>;

type QueueAdmin = { [K in 'createQueue' | 'updateQueue']: (name: string, options: PgBoss.Queue) => Promise<unknown> };

/**
 * Creates the queue, or brings an existing one to these options: pg-boss's createQueue does nothing for a queue
 * that exists, so a changed expiry or retry setting would otherwise never reach a database made by an older release.
 */
export async function createOrUpdateQueue(boss: QueueAdmin, name: string, options: Omit<PgBoss.Queue, 'name'>): Promise<void> {
  await boss.createQueue(name, { name, ...options });
  await boss.updateQueue(name, { name, ...options });
}

export type PeriodicJob = {
  queue: string;
  cron: string;
  retryDelaySeconds?: number;
  /**
   * 'singleton' (default): one run at a time, later ones wait their turn; 'stately': besides the running one at
   * most one waits, so a frequent job whose run overlaps its next tick does not pile up runs.
   */
  policy?: 'singleton' | 'stately';
  /** How long one run may take before pg-boss counts it failed (pg-boss's default: 15 minutes). */
  expireInSeconds?: number;
  run: () => Promise<void>;
};

export async function registerPeriodicJob(boss: JobBoss, job: PeriodicJob): Promise<void> {
  await createOrUpdateQueue(boss, job.queue, {
    policy: job.policy ?? 'singleton',
    retryLimit: 2,
    retryDelay: job.retryDelaySeconds ?? 60,
    ...(job.expireInSeconds ? { expireInSeconds: job.expireInSeconds } : {}),
  });
  await boss.schedule(job.queue, job.cron);
  await boss.work(job.queue, job.run);
}
