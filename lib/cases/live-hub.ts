import 'server-only';
import postgres from 'postgres';
import type { Db } from '@/db';
import { HEARTBEAT_MS, heartbeatPresence, presenceOf, STAFF_LIVE_CHANNEL, type PresenceEntry } from './presence';

/**
 * The staff desk's live updates inside one web server process: ONE LISTEN connection on `paluu_staff_live`
 * (not one per browser), fanned out to the process's open streams (app/staff/api/live).
 *
 * - `c:<case id>` (database triggers, migration 0021): the case changed → its case pages refresh and every
 *   queue refreshes (debounced in the browser). `c:*`: many cases changed at once.
 * - `p:<case id>` (lib/cases/presence.ts): who is on the case changed → the server reads the list once and
 *   pushes it to each stream on that case.
 * - A tick every HEARTBEAT_MS renews this server's presence rows (one UPDATE for all its streams) and re-reads
 *   presence of its watched cases (one SELECT), so rows of a crashed server and lapsed typing leases vanish
 *   without a notification.
 * After the LISTEN connection reconnects (notifications meanwhile are lost) every stream is told to refresh.
 */
export type LiveMessage = { event: 'case'; caseId: string } | { event: 'queue' } | { event: 'presence'; caseId: string; people: PresenceEntry[] };
type Listener = { caseId: string | null; streamId: string | null; send: (message: LiveMessage) => void; end?: () => void };

export type LiveHub = {
  subscribe(listener: Listener): () => void;
  /** Streams open in this process (for tests and the docs' figures). */
  size(): number;
  /** Server shutdown (scripts/server.mjs): ends every open stream so draining need not wait for them; browsers reconnect elsewhere. */
  endStreams(): void;
  close(): Promise<void>;
};

export function createLiveHub(db: Db, databaseUrl: string): LiveHub {
  const listeners = new Set<Listener>();
  const lastPresence = new Map<string, string>();
  const sql = postgres(databaseUrl, { max: 1, onnotice: () => {} });
  let listening: Promise<unknown> | null = null;
  let firstListen = true;

  const broadcast = (filter: (l: Listener) => boolean, message: LiveMessage) => {
    for (const l of listeners) if (filter(l)) l.send(message);
  };

  async function pushPresence(caseIds: string[], force: boolean) {
    const watched = caseIds.filter((id) => [...listeners].some((l) => l.caseId === id));
    if (watched.length === 0) return;
    const lists = await presenceOf(db, watched);
    for (const [caseId, people] of lists) {
      const key = JSON.stringify(people);
      if (!force && lastPresence.get(caseId) === key) continue;
      lastPresence.set(caseId, key);
      broadcast((l) => l.caseId === caseId, { event: 'presence', caseId, people });
    }
  }

  function onNotify(payload: string) {
    if (payload.startsWith('p:')) {
      void pushPresence([payload.slice(2)], false).catch(() => {});
    } else if (payload === 'c:*') {
      broadcast((l) => l.caseId !== null, { event: 'case', caseId: '*' });
      broadcast((l) => l.caseId === null, { event: 'queue' });
    } else if (payload.startsWith('c:')) {
      const caseId = payload.slice(2);
      broadcast((l) => l.caseId === caseId, { event: 'case', caseId });
      broadcast((l) => l.caseId === null, { event: 'queue' });
    }
  }

  function ensureListening() {
    listening ??= sql
      .listen(STAFF_LIVE_CHANNEL, onNotify, () => {
        // Re-listened after a lost connection: what was sent meanwhile is unknown, so everyone refreshes.
        if (!firstListen) {
          broadcast((l) => l.caseId !== null, { event: 'case', caseId: '*' });
          broadcast((l) => l.caseId === null, { event: 'queue' });
        }
        firstListen = false;
      })
      .catch(() => {
        listening = null;
      });
  }

  const timer = setInterval(() => {
    if (listeners.size === 0) return;
    const streams = [...listeners].flatMap((l) => (l.streamId ? [l.streamId] : []));
    const cases = [...new Set([...listeners].flatMap((l) => (l.caseId ? [l.caseId] : [])))];
    void heartbeatPresence(db, streams)
      .then(() => pushPresence(cases, false))
      .catch(() => {});
  }, HEARTBEAT_MS);
  timer.unref();

  return {
    subscribe(listener) {
      ensureListening();
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
        if (listener.caseId && ![...listeners].some((l) => l.caseId === listener.caseId)) lastPresence.delete(listener.caseId);
      };
    },
    size: () => listeners.size,
    endStreams() {
      for (const l of [...listeners]) l.end?.();
    },
    async close() {
      clearInterval(timer);
      listeners.clear();
      await sql.end({ timeout: 2 });
    },
  };
}

const globalForHub = globalThis as unknown as { paluuLiveHub?: LiveHub };

/** The process's hub, created on first use with the app's pool. */
export function getLiveHub(db: Db): LiveHub {
  if (!globalForHub.paluuLiveHub) {
    const url = process.env.DATABASE_URL;
    if (!url) throw new Error('DATABASE_URL is not set.');
    globalForHub.paluuLiveHub = createLiveHub(db, url);
  }
  return globalForHub.paluuLiveHub;
}
