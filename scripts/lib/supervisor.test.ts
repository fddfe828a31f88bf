import { spawn, type ChildProcess } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { BACKOFF, nextRestartDelay, supervise } from './supervisor.mjs';

/** A real child process that runs until it is killed. */
const sleeper = () => spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });

async function waitFor<T>(check: () => T | undefined | null | false, ms: number): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const value = check();
    if (value) return value;
    if (Date.now() > until) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
const exited = (child: ChildProcess) => new Promise<void>((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve() : child.once('exit', () => resolve())));

describe('the supervisor of npm start (issue 12, item 4)', () => {
  it('backs off 1 s, doubling to at most 30 s, and starts over after a child stayed up a while', () => {
    expect(BACKOFF).toEqual({ initialMs: 1000, maxMs: 30_000, stableMs: 60_000 });
    const waits: number[] = [];
    let delay = 0;
    for (let i = 0; i < 7; i++) waits.push((delay = nextRestartDelay(delay, 500)));
    expect(waits).toEqual([1000, 2000, 4000, 8000, 16_000, 30_000, 30_000]);
    // A child that ran for a minute crashed for a new reason: the first wait again.
    expect(nextRestartDelay(30_000, 60_000)).toBe(1000);
    expect(nextRestartDelay(30_000, 59_000)).toBe(30_000);
  });

  it('a killed child is started again after the backoff and logged; stop() ends it for good', async () => {
    const lines: string[] = [];
    const pids: number[] = [];
    const backoff = { initialMs: 200, maxMs: 800, stableMs: 60_000 };
    const sup = supervise({ name: 'The worker', start: sleeper, log: (m: string) => lines.push(m), backoff, onStart: (child) => pids.push(child.pid!) });

    const first = sup.child!;
    let killedAt = Date.now();
    first.kill('SIGKILL');
    const second = await waitFor(() => sup.child !== first && sup.child, 5000);
    const firstWait = Date.now() - killedAt;
    expect(firstWait).toBeGreaterThanOrEqual(190);
    expect(lines[0]).toMatch(/^The worker was killed by SIGKILL after [\d.]+ s; starting it again in 0 s \(restart 1\)\.$/);

    // It crashed again at once: the wait doubles.
    killedAt = Date.now();
    second.kill('SIGKILL');
    const third = await waitFor(() => sup.child !== second && sup.child, 5000);
    expect(Date.now() - killedAt).toBeGreaterThanOrEqual(390);
    expect(sup.restarts).toBe(2);
    expect(new Set(pids).size).toBe(3);

    // Any exit that stop() did not ask for is a crash: SIGTERM from outside is restarted too.
    third.kill('SIGTERM');
    await waitFor(() => sup.restarts === 3 || undefined, 2000);
    expect(lines[2]).toContain('The worker was killed by SIGTERM');

    // Stopping: the running child ends and nothing is started again.
    const fourth = await waitFor(() => sup.child !== third && sup.child, 5000);
    await sup.stop();
    await exited(fourth);
    expect(fourth.signalCode).toBe('SIGTERM');
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(sup.child).toBeNull();
    expect(sup.restarts).toBe(3);
  });

  it('stop() during the backoff wait starts nothing', async () => {
    const sup = supervise({ name: 'x', start: sleeper, log: () => {}, backoff: { initialMs: 300, maxMs: 300, stableMs: 60_000 } });
    const first = sup.child!;
    first.kill('SIGKILL');
    await exited(first);
    await sup.stop();
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(sup.child).toBeNull();
  });
});
