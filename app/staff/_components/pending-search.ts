/**
 * The queue's search box: typing applies the search after a pause, Enter applies it at once, and
 * leaving the page cancels it. One pending run at most; a run that fires after the agent has clicked
 * a case would `router.replace` them back to the queue.
 */
export function pendingSearch(delayMs: number) {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const cancel = () => {
    if (timer !== undefined) clearTimeout(timer);
    timer = undefined;
  };
  return {
    /** Runs `apply` once the agent pauses (a newer call replaces the older one). */
    schedule(apply: () => void) {
      cancel();
      timer = setTimeout(() => {
        timer = undefined;
        apply();
      }, delayMs);
    },
    /** Enter: runs `apply` now; the typed text's pending run never fires. */
    now(apply: () => void) {
      cancel();
      apply();
    },
    /** Navigation away or unmount: nothing runs. */
    cancel,
  };
}
