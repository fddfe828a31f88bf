// When the parent dies without passing a signal on (e.g. `kill -TERM` of the npm process,
// which npm does not forward), a child is re-parented. Notice it and shut down cleanly.
export function exitWhenOrphaned(shutdown, intervalMs = 1000) {
  const parent = process.ppid;
  const timer = setInterval(() => {
    if (process.ppid !== parent) {
      clearInterval(timer);
      shutdown('parent exited');
    }
  }, intervalMs);
  timer.unref();
}
