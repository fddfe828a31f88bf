import type { Db } from '@/db';
import { createWakeLoop } from '../wake-loop';
import { runSubscriber, type Subscriber } from './subscriber';

/**
 * Runs every subscriber until caught up, when woken (NOTIFY on insert) and every `intervalMs` as a backstop:
 * an event whose transaction committed while an older one was still running becomes readable only later,
 * and a failing subscriber retries on the next tick. One pass at a time per process; a wake during a pass
 * asks for one more pass.
 */
export function createSubscriberPump(
  db: Db,
  subscribers: readonly Subscriber[],
  options: { intervalMs?: number; log?: (message: string) => void; trace?: (name: string, run: () => Promise<void>) => Promise<void> } = {},
) {
  const log = options.log ?? (() => {});
  const lastErrors = new Map<string, string>();

  async function pass() {
    for (const subscriber of subscribers) {
      try {
        const run = await runSubscriber(db, subscriber);
        if (run.failed) {
          const note = `${subscriber.name} is stopped at a failing event (see event_subscriptions.last_error)`;
          if (lastErrors.get(subscriber.name) !== note) log(note);
          lastErrors.set(subscriber.name, note);
        } else lastErrors.delete(subscriber.name);
      } catch (error) {
        log(`${subscriber.name}: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
  }

  const traced = options.trace ? () => options.trace!('events', pass) : pass;
  return createWakeLoop(traced, { intervalMs: options.intervalMs ?? 2000 });
}
