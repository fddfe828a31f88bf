// GET /staff/api/live[?case=<id>]: server-sent events for the staff desk (staff session). Without `case` the
// queue's refresh signals; with it the case's changes and who is on it (this stream counts as viewing it).
// One LISTEN connection per server process fans out to these streams (lib/cases/live-hub.ts).
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { getDb } from '@/db';
import { requireStaff } from '@/lib/auth/staff-session';
import { authorize } from '@/lib/core/authorize';
import { getLiveHub, type LiveMessage } from '@/lib/cases/live-hub';
import { joinCase, leaveCase, presenceOf } from '@/lib/cases/presence';
import { toHttpResponse } from '@/lib/errors';
import { toActor } from '@/lib/staff/ctx';

export const dynamic = 'force-dynamic';

/** A stream ends after this long and the browser reconnects: the session is checked again at every connect. */
const LIFETIME_MS = 5 * 60_000;
/** A comment line now and then keeps proxies and load balancers from closing an idle stream. */
const KEEPALIVE_MS = 15_000;

const querySchema = z.object({ case: z.uuid().optional() });

export async function GET(request: Request): Promise<Response> {
  let caseId: string | undefined;
  let actor: ReturnType<typeof toActor>;
  try {
    const staff = await requireStaff();
    actor = toActor(staff);
    authorize(actor, 'cases.work');
    caseId = querySchema.parse(Object.fromEntries(new URL(request.url).searchParams)).case;
  } catch (error) {
    return toHttpResponse(error);
  }
  const db = getDb();
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
      request.signal.addEventListener('abort', finish);
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
