import 'server-only';
import { randomUUID } from 'node:crypto';
import type { Db } from '@/db';
import type { Actor } from '@/lib/core/actor';
import { getLiveHub, type LiveMessage } from './live-hub';
import { joinCase, leaveCase, presenceOf } from './presence';

/** A stream ends after this long and the browser reconnects: the session is checked again at every connect. */
const LIFETIME_MS = 5 * 60_000;
/** A comment line now and then keeps proxies and load balancers from closing an idle stream. */
const KEEPALIVE_MS = 15_000;

/**
 * The staff desk's server-sent events for an authorized agent (GET /staff/api/live): without `caseId` the
 * queue's refresh signals; with it the case's changes and who is on it (this stream counts as viewing it).
 * One LISTEN connection per server process fans out to these streams (live-hub.ts); the stream ends when
 * the browser goes, after LIFETIME_MS, or when the server drains.
 */
export function openLiveStream(input: { db: Db; actor: Extract<Actor, { type: 'staff' }>; caseId: string | undefined; signal: AbortSignal }): Response {
  const { db, actor, caseId } = input;
  const hub = getLiveHub(db);
  const streamId = randomUUID();
  const encoder = new TextEncoder();
  let cleanup: (() => void) | null = null;

  const stream = new ReadableStream<Uint8Array>({
    async start(controller) {
      let closed = false;
      const write = (text: string) => {
        if (closed) return;
        try {
          controller.enqueue(encoder.encode(text));
        } catch {
          finish();
        }
      };
      const send = (message: LiveMessage) => write(`event: ${message.event}\ndata: ${JSON.stringify(message)}\n\n`);
      const unsubscribe = hub.subscribe({ caseId: caseId ?? null, streamId: caseId ? streamId : null, send, end: () => finish() });
      const keepalive = setInterval(() => write(': keepalive\n\n'), KEEPALIVE_MS);
      const lifetime = setTimeout(() => finish(), LIFETIME_MS);
      function finish() {
        if (closed) return;
        closed = true;
        clearInterval(keepalive);
        clearTimeout(lifetime);
        unsubscribe();
        if (caseId) void leaveCase(db, streamId).catch(() => {});
        try {
          controller.close();
        } catch {
          // already closed by the client
        }
      }
      cleanup = finish;
      input.signal.addEventListener('abort', finish);
      write('retry: 3000\n\n');
      if (caseId) {
        try {
          await joinCase({ db, actor }, { streamId, caseId });
          send({ event: 'presence', caseId, people: (await presenceOf(db, [caseId])).get(caseId) ?? [] });
        } catch {
          write('event: gone\ndata: {}\n\n');
          finish();
          return;
        }
      }
      write('event: ready\ndata: {}\n\n');
    },
    cancel() {
      cleanup?.();
    },
  });
  return new Response(stream, {
    headers: {
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-cache, no-transform',
      'X-Accel-Buffering': 'no',
    },
  });
}
