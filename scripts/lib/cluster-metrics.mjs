// The primary's side of /api/metrics when npm start runs several web servers (node:cluster, WEB_CONCURRENCY):
// a web server asked for metrics sends GATHER; the primary asks every live web server for its figures
// (COLLECT → PART, as prom-client JSON), sums them with prom-client's aggregator (counters and histograms
// add up; each default process metric says how it aggregates) and answers GATHERED with the text.
// Our own messages, not prom-client's cluster protocol: the app's bundled copy of prom-client would answer
// that protocol a second time from every worker.
import { AggregatorRegistry } from 'prom-client';

export const GATHER = 'paluu:metrics:gather';
export const GATHERED = 'paluu:metrics:gathered';
export const COLLECT = 'paluu:metrics:collect';
export const PART = 'paluu:metrics:part';

/** Call once in the primary. `workers()` lists the live cluster workers. */
export function serveClusterMetrics(cluster, { timeoutMs = 2000 } = {}) {
  const pending = new Map();
  cluster.on('message', (worker, message) => {
    if (message?.type === PART) {
      const gathering = pending.get(message.id);
      if (!gathering) return;
      gathering.parts.push(message.metrics);
      if (gathering.parts.length === gathering.expected) gathering.finish();
      return;
    }
    if (message?.type !== GATHER) return;
    const live = Object.values(cluster.workers ?? {}).filter((w) => w && w.isConnected());
    const gathering = { expected: live.length, parts: [], finish: () => {} };
    gathering.finish = () => {
      clearTimeout(timer);
      pending.delete(message.id);
      const text = AggregatorRegistry.aggregate(gathering.parts).metrics();
      Promise.resolve(text).then(
        (body) => worker.isConnected() && worker.send({ type: GATHERED, id: message.id, text: body }),
        () => worker.isConnected() && worker.send({ type: GATHERED, id: message.id, text: null }),
      );
    };
    // A server that does not answer in time (busy, restarting) is left out of this scrape.
    const timer = setTimeout(() => gathering.finish(), timeoutMs);
    pending.set(message.id, gathering);
    for (const w of live) w.send({ type: COLLECT, id: message.id });
  });
}
