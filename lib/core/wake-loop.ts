/**
 * Runs `pass` when woken (a NOTIFY, a timer), one pass at a time per process: a wake during a pass asks for
 * exactly one more pass after it, so a burst of notifications costs one or two passes, never a queue of them.
 * The worker drives the outbox, the event subscribers and the webhook dispatcher with it.
 */
export function createWakeLoop(
  pass: () => Promise<void>,
  options: { intervalMs?: number; onError?: (error: unknown) => void } = {},
): { wake: () => void; stop: () => Promise<void> } {
  let running: Promise<void> | null = null;
  let again = false;
  let stopped = false;

  function wake() {
    if (stopped) return;
    if (running) {
      again = true;
      return;
    }
    running = (async () => {
      do {
        again = false;
        await pass();
      } while (again && !stopped);
    })()
      .catch((error) => options.onError?.(error))
      .finally(() => (running = null));
  }

  // A backstop for what no notification announces (retries that fall due, leases of a killed worker).
  const timer = options.intervalMs ? setInterval(wake, options.intervalMs) : null;
  timer?.unref();
  return {
    wake,
    async stop() {
      stopped = true;
      if (timer) clearInterval(timer);
      await running;
    },
  };
}
