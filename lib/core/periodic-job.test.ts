import { randomUUID } from 'node:crypto';
import PgBoss from 'pg-boss';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { registerPeriodicJob } from './periodic-job';

// The worker registers every sweep (delays, refunds, privacy, reports, carrier polls, housekeeping) through this.
describe('registerPeriodicJob', () => {
  let boss: PgBoss;
  beforeAll(async () => {
    boss = new PgBoss({ connectionString: inject('databaseUrl'), max: 2, supervise: false, schedule: false });
    boss.on('error', () => {});
    await boss.start();
  });
  afterAll(async () => {
    await boss.stop({ graceful: false, wait: true });
  });

  it('creates a singleton queue with retries, schedules it and runs the sweep for a job', async () => {
    const queue = `periodic-test-${randomUUID().slice(0, 8)}`;
    let ran = 0;
    let signal!: () => void;
    const firstRun = new Promise<void>((resolve) => (signal = resolve));
    await registerPeriodicJob(boss, {
      queue,
      cron: '*/5 * * * *',
      retryDelaySeconds: 30,
      expireInSeconds: 300,
      run: async () => {
        ran += 1;
        signal();
      },
    });

    const stored = await boss.getQueue(queue);
    expect(stored).toMatchObject({ name: queue, policy: 'singleton', retryLimit: 2, retryDelay: 30, expireInSeconds: 300 });
    const schedules = await boss.getSchedules();
    expect(schedules.find((s) => s.name === queue)).toMatchObject({ cron: '*/5 * * * *' });

    await boss.send(queue, {});
    await firstRun;
    expect(ran).toBe(1);
  });

  it('brings a queue made by an older release to the options it is registered with now', async () => {
    const queue = `periodic-test-${randomUUID().slice(0, 8)}`;
    await boss.createQueue(queue, { name: queue, policy: 'singleton', retryLimit: 1, retryDelay: 5 });
    await registerPeriodicJob(boss, { queue, cron: '7 * * * *', retryDelaySeconds: 30, expireInSeconds: 120, run: async () => {} });
    expect(await boss.getQueue(queue)).toMatchObject({ policy: 'singleton', retryLimit: 2, retryDelay: 30, expireInSeconds: 120 });
  });

  it('waits a minute between retries when the job does not say otherwise', async () => {
    const queue = `periodic-test-${randomUUID().slice(0, 8)}`;
    await registerPeriodicJob(boss, { queue, cron: '7 * * * *', run: async () => {} });
    const stored = await boss.getQueue(queue);
    expect(stored).toMatchObject({ policy: 'singleton', retryLimit: 2, retryDelay: 60 });
  });

  it('a stately job keeps at most one run waiting behind the running one', async () => {
    const queue = `periodic-test-${randomUUID().slice(0, 8)}`;
    let started!: () => void;
    const running = new Promise<void>((resolve) => (started = resolve));
    let finish!: () => void;
    const finished = new Promise<void>((resolve) => (finish = resolve));
    await registerPeriodicJob(boss, {
      queue,
      cron: '* * * * *',
      policy: 'stately',
      run: async () => {
        started();
        await finished;
      },
    });
    expect(await boss.getQueue(queue)).toMatchObject({ policy: 'stately' });

    await boss.send(queue, {});
    await running;
    // The next minute's run waits; the one after it is not queued at all.
    expect(await boss.send(queue, {})).not.toBeNull();
    expect(await boss.send(queue, {})).toBeNull();
    finish();
  });
});
