import { describe, expect, it } from 'vitest';
import { createWakeLoop } from './wake-loop';

describe('the wake loop', () => {
  it('runs one pass at a time; wakes during a pass ask for exactly one more', async () => {
    let passes = 0;
    let concurrent = 0;
    let most = 0;
    const loop = createWakeLoop(async () => {
      passes++;
      concurrent++;
      most = Math.max(most, concurrent);
      await new Promise((resolve) => setTimeout(resolve, 30));
      concurrent--;
    });
    loop.wake();
    for (let i = 0; i < 10; i++) loop.wake(); // a burst while the first pass runs
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(passes).toBe(2);
    expect(most).toBe(1);
    await loop.stop();
    loop.wake();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(passes).toBe(2); // stopped: no more passes
  });

  it('hands a failing pass to onError and keeps working', async () => {
    const errors: unknown[] = [];
    let n = 0;
    const loop = createWakeLoop(
      async () => {
        if (++n === 1) throw new Error('boom');
      },
      { onError: (error) => errors.push(error) },
    );
    loop.wake();
    await new Promise((resolve) => setTimeout(resolve, 20));
    loop.wake();
    await loop.stop();
    expect(errors).toHaveLength(1);
    expect(n).toBe(2);
  });
});
