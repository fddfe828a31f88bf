/**
 * Runs `run` and tells `report` when it is slow: once when it is still running after `afterMs`, and again when it
 * ends after that. The worker wraps every job and pass in it, so a handler that hangs names itself in the log
 * instead of silently holding its queue.
 */
export async function reportSlow<T>(run: () => Promise<T>, afterMs: number, report: (slow: { elapsedMs: number; done: boolean }) => void): Promise<T> {
  const started = Date.now();
  let slow = false;
  const timer = setTimeout(() => {
    slow = true;
    report({ elapsedMs: Date.now() - started, done: false });
  }, afterMs);
  // A hanging run must not keep the process alive on its own at shutdown.
  timer.unref();
  try {
    return await run();
  } finally {
    clearTimeout(timer);
    if (slow) report({ elapsedMs: Date.now() - started, done: true });
  }
}
