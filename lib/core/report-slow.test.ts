import { describe, expect, it } from 'vitest';
import { reportSlow } from './report-slow';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('reportSlow', () => {
  it('says nothing about a run that ends in time, and returns its result', async () => {
    const reports: unknown[] = [];
    await expect(reportSlow(async () => 'done', 50, (r) => reports.push(r))).resolves.toBe('done');
    await sleep(80);
    expect(reports).toEqual([]);
  });

  it('reports a slow run once while it runs and once when it ends, with the time it took', async () => {
    const reports: Array<{ elapsedMs: number; done: boolean }> = [];
    await reportSlow(() => sleep(120), 30, (r) => reports.push(r));
    expect(reports.map((r) => r.done)).toEqual([false, true]);
    expect(reports[0]!.elapsedMs).toBeGreaterThanOrEqual(25);
    expect(reports[1]!.elapsedMs).toBeGreaterThanOrEqual(110);
  });

  it('a slow run that fails is reported as ended and its error passes through', async () => {
    const reports: Array<{ done: boolean }> = [];
    const failing = reportSlow(
      async () => {
        await sleep(60);
        throw new Error('lock wait');
      },
      20,
      (r) => reports.push(r),
    );
    await expect(failing).rejects.toThrow('lock wait');
    expect(reports.map((r) => r.done)).toEqual([false, true]);
  });
});
