import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { pendingSearch } from './pending-search';

// The queue's search box (queue-table.tsx). Regression: Enter applied the search, but the typed
// text's 350 ms timer stayed pending and its router.replace could fire after a click on a case,
// sending the agent back to /staff?view=open&q=… (seen in e2e/delays/remedy-journey.spec.ts).
describe('queue search box timing', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('applies the typed search once the agent pauses, only the latest text', () => {
    const search = pendingSearch(350);
    const applied: string[] = [];
    search.schedule(() => applied.push('ord'));
    vi.advanceTimersByTime(200);
    search.schedule(() => applied.push('order'));
    vi.advanceTimersByTime(349);
    expect(applied).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(applied).toEqual(['order']);
  });

  it('Enter applies at once and the pending search never fires after it', () => {
    const search = pendingSearch(350);
    const applied: string[] = [];
    search.schedule(() => applied.push('typed'));
    search.now(() => applied.push('enter'));
    expect(applied).toEqual(['enter']);
    vi.advanceTimersByTime(1_000);
    expect(applied).toEqual(['enter']);
  });

  it('leaving the queue (a link click, unmount) cancels the pending search', () => {
    const search = pendingSearch(350);
    const applied: string[] = [];
    search.schedule(() => applied.push('typed'));
    search.cancel();
    vi.advanceTimersByTime(1_000);
    expect(applied).toEqual([]);
  });
});
