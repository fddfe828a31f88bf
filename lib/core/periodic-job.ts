/**
 * A domain's periodic sweep as a pg-boss job (registered by scripts/worker.mjs): one queue, a cron schedule,
 * `singleton` so two workers never run it at once, and a couple of retries.
 */
export type JobBoss = {
  createQueue(name: string, options: Record<string, unknown>): Promise<unknown>;
  schedule(name: string, cron: string): Promise<unknown>;
  work(name: string, handler: () => Promise<void>): Promise<unknown>;
};

export async function registerPeriodicJob(boss: JobBoss, job: { queue: string; cron: string; retryDelaySeconds?: number; run: () => Promise<void> }): Promise<void> {
  await boss.createQueue(job.queue, { name: job.queue, policy: 'singleton', retryLimit: 2, retryDelay: job.retryDelaySeconds ?? 60 });
  await boss.schedule(job.queue, job.cron);
  await boss.work(job.queue, job.run);
}
