// Keeps a child process running: when it exits on its own (a crash, `kill -9`), it is started again
// after a backoff (1 s, doubling to 30 s), and the exit is logged. The backoff starts over once a child
// has stayed up for `stableMs`. Only stop() ends it for good (npm start calls it on Ctrl-C or SIGTERM).

export const BACKOFF = Object.freeze({ initialMs: 1000, maxMs: 30_000, stableMs: 60_000 });

/**
 * The wait before the next start. `previousMs` is the last wait (0 before the first restart);
 * `uptimeMs` is how long the child that just exited ran.
 */
export function nextRestartDelay(previousMs, uptimeMs, { initialMs, maxMs, stableMs } = BACKOFF) {
  if (!previousMs || uptimeMs >= stableMs) return initialMs;
  return Math.min(previousMs * 2, maxMs);
}

function describeExit(code, signal) {
  return signal ? `was killed by ${signal}` : `exited with code ${code}`;
}

/**
 * @param {object} options
 * @param {string} options.name            how the log names the child ("the worker")
 * @param {() => import('node:child_process').ChildProcess} options.start  starts one child
 * @param {(message: string) => void} [options.log]
 * @param {(child: import('node:child_process').ChildProcess, info: { restarts: number }) => void} [options.onStart]
 * @param {{ initialMs: number, maxMs: number, stableMs: number }} [options.backoff]
 * @param {number} [options.killAfterMs]   SIGKILL a child that has not exited this long after SIGTERM
 */
export function supervise({ name, start, log = (m) => console.log(m), onStart, backoff = BACKOFF, killAfterMs = 8000 }) {
  let child = null;
  let startedAt = 0;
  let delay = 0;
  let restarts = 0;
  let timer = null;
  let stopped = false;

  function launch() {
    timer = null;
    if (stopped) return;
    const current = start();
    child = current;
    startedAt = Date.now();
    onStart?.(current, { restarts });
    current.once('exit', (code, signal) => {
      if (child === current) child = null;
      if (stopped) return;
      const uptime = Date.now() - startedAt;
      delay = nextRestartDelay(delay, uptime, backoff);
      restarts += 1;
      log(`${name} ${describeExit(code, signal)} after ${(uptime / 1000).toFixed(1)} s; starting it again in ${(delay / 1000).toFixed(0)} s (restart ${restarts}).`);
      timer = setTimeout(launch, delay);
    });
  }
  launch();

  return {
    get child() {
      return child;
    },
    get restarts() {
      return restarts;
    },
    /** Ends supervision: no more restarts; SIGTERM (then SIGKILL) the running child; resolves once it has exited. */
    stop(signal = 'SIGTERM') {
      stopped = true;
      if (timer) clearTimeout(timer);
      timer = null;
      const current = child;
      if (!current || current.exitCode !== null || current.signalCode !== null) return Promise.resolve();
      return new Promise((resolve) => {
        const kill = setTimeout(() => current.kill('SIGKILL'), killAfterMs);
        current.once('exit', () => {
          clearTimeout(kill);
          resolve();
        });
        current.kill(signal);
      });
    },
  };
}
