/**
 * Carrier push intake (WH-01…WH-07, WH-11): size cap → authenticate over the raw bytes → parse in the
 * carrier's format → store in webhook_inbox (replays are acknowledged, not stored twice) → 202.
 * Processing happens in the worker. Never a 500: a storage failure is a 503 so the carrier retries.
 */
import type { Db } from '@/db';
import type { CarrierId } from '@/lib/core/enums';
import { adapters, CarrierFormatError } from './adapters';
import { getCarrierConfig } from './config';
import { recordPushControlMessage } from './push-subscriptions';
import { deliveryKey, keptHeaders, storeInboxDelivery } from './inbox';
import { registry } from './registry';
import { verifyWebhook } from './webhook-auth';

export const WEBHOOK_MAX_BYTES = 1024 * 1024;
/** Carriers that cannot sign get replay protection from event ids and from ignoring very old events (WH-03). */
export const MAX_EVENT_AGE_DAYS = 30;
/** Carriers that push (carriers.md §0: Bring Event Cast and DHL Unified Push), as the registry says. */
export const PUSH_CARRIERS: readonly CarrierId[] = Object.values(registry)
  .filter((c) => c.pushes)
  .map((c) => c.id);

export type WebhookResponse = { status: number; body: Record<string, unknown> };

const error = (status: number, code: string, message: string): WebhookResponse => ({ status, body: { error: { code, message } } });

export function isPushCarrier(carrier: string): carrier is CarrierId {
  return (PUSH_CARRIERS as readonly string[]).includes(carrier);
}

/** Reads at most `max` bytes of a request body; null when it is larger. */
export async function readBodyCapped(request: Request, max = WEBHOOK_MAX_BYTES): Promise<Buffer | null> {
  const declared = Number(request.headers.get('content-length') ?? '0');
  if (declared > max) return null;
  if (!request.body) return Buffer.alloc(0);
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > max) {
      await reader.cancel().catch(() => {});
      return null;
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}

export async function receiveWebhook(db: Db, carrier: string, request: Request, now = new Date()): Promise<WebhookResponse> {
  if (!isPushCarrier(carrier)) return error(404, 'not_found', 'This carrier does not push tracking events.');
  const raw = await readBodyCapped(request);
  if (!raw) return error(413, 'payload_too_large', 'The body is larger than 1 MB.');
  try {
    const config = await getCarrierConfig(db, carrier);
    const auth = verifyWebhook(config, request.headers, raw, now);
    if (auth !== 'ok') {
      // Generic answer; the reason is only for our logs (WH-01).
      console.warn(`[webhook] ${carrier}: rejected (${auth})`);
      return error(401, 'unauthorized', 'The webhook could not be authenticated.');
    }
    const text = raw.toString('utf8');
    // Subscription control messages (DHL `subscription.validate`/`ready`/`failure`, Bring `EXPIRED`): not
    // tracking events; they move the subscription (lib/carriers/push-subscriptions.ts) and are acknowledged.
    let body: unknown = null;
    try {
      body = JSON.parse(text);
    } catch {
      body = null;
    }
    if (await recordPushControlMessage(db, carrier, body, now)) return { status: 202, body: { received: true, subscription: true } };
    let events;
    try {
      events = adapters[carrier].parse(text, 'push');
    } catch (e) {
      if (e instanceof CarrierFormatError) return error(400, 'bad_request', e.message);
      throw e;
    }
    const oldest = now.getTime() - MAX_EVENT_AGE_DAYS * 86_400_000;
    if (events.length > 0 && events.every((e) => e.occurredAt.getTime() < oldest)) {
      return { status: 202, body: { received: true, duplicate: false, events: 0, ignored: 'events older than 30 days' } };
    }
    const stored = await storeInboxDelivery(db, { carrier, source: 'webhook', dedupeKey: deliveryKey(events, raw), rawBody: text, headers: keptHeaders(request.headers) });
    return { status: 202, body: { received: true, duplicate: stored.duplicate, events: events.length } };
  } catch (e) {
    console.error(`[webhook] ${carrier}: could not store the delivery`, e instanceof Error ? e.message : e);
    return error(503, 'unavailable', 'The delivery could not be stored; retry later.');
  }
}
