import { createHash } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { DbOrTx } from '@/db';
import { webhookInbox } from '@/db/schema';
import type { CarrierId } from '@/lib/core/enums';
import type { NormalizedEvent } from '@/lib/carriers/normalized-event';

/** NOTIFY channel the worker listens on, like the outbox's. */
export const CARRIER_INBOX_CHANNEL = 'paluu_carrier_inbox';

export type InboxSource = 'webhook' | 'poll' | 'simulate';

export function sha256(text: string | Buffer): string {
  return createHash('sha256').update(text).digest('hex');
}

/** The carrier's event id when the delivery is exactly one identified event, else the body's hash. */
export function deliveryKey(events: NormalizedEvent[], rawBody: string | Buffer): string {
  const ids = [...new Set(events.map((e) => e.eventId).filter(Boolean))];
  if (events.length > 0 && ids.length === 1 && events.every((e) => e.eventId)) return `event:${ids[0]}`;
  return `sha256:${sha256(rawBody)}`;
}

/** Headers worth keeping for debugging; never credentials. */
const KEPT_HEADERS = ['content-type', 'user-agent', 'x-bring-application', 'x-bring-correlation', 'x-bring-version', 'x-request-id'];
export function keptHeaders(headers: Headers): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of KEPT_HEADERS) {
    const value = headers.get(name);
    if (value) out[name] = value.slice(0, 200);
  }
  return out;
}

/** Stores one delivery; a replay (same carrier + key) is a no-op. Wakes the worker at commit. */
export async function storeInboxDelivery(
  db: DbOrTx,
  input: { carrier: CarrierId; source: InboxSource; dedupeKey: string; rawBody: string; headers?: Record<string, string>; signatureResult?: string },
): Promise<{ id: string | null; duplicate: boolean }> {
  const [row] = await db
    .insert(webhookInbox)
    .values({
      carrier: input.carrier,
      source: input.source,
      dedupeKey: input.dedupeKey.slice(0, 200),
      rawBody: input.rawBody,
      headers: input.headers,
      signatureResult: input.signatureResult ?? 'ok',
    })
    .onConflictDoNothing({ target: [webhookInbox.carrier, webhookInbox.dedupeKey] })
    .returning({ id: webhookInbox.id });
  if (row) await db.execute(sql`select pg_notify(${CARRIER_INBOX_CHANNEL}, ${row.id})`);
  return { id: row?.id ?? null, duplicate: !row };
}

/** Raw carrier bodies hold names and addresses: emptied 30 days after processing (security-checklist WH-13). */
export async function purgeInboxBodies(db: DbOrTx, options: { olderThanDays?: number } = {}): Promise<number> {
  const days = options.olderThanDays ?? 30;
  const rows = await db.execute(sql`
    update webhook_inbox set raw_body = '', headers = null
    where processed_at < now() - make_interval(days => ${days}) and raw_body <> ''
    returning id`);
  return rows.length;
}
