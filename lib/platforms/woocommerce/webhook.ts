/**
 * WooCommerce webhook signatures (REST API docs, "Webhooks → Delivery/payload"): `X-WC-Webhook-Signature` is the
 * base64 HMAC-SHA256 of the raw body with the webhook's secret. Compared in constant time over the decoded bytes.
 * The delivery id for deduplication is `X-WC-Webhook-Delivery-ID` (what WooCommerce core sends; the docs page
 * calls it `X-WC-Delivery-ID`, which is accepted too); the topic is `X-WC-Webhook-Topic` (e.g. `order.updated`).
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { WebhookVerdict } from '../platform';

export function wooSignature(rawBody: string, secret: string): string {
  return createHmac('sha256', secret).update(rawBody, 'utf8').digest('base64');
}

export async function verifyWooWebhook({ rawBody, headers, secret }: { rawBody: string; headers: Headers; secret: string }): Promise<WebhookVerdict> {
  const given = headers.get('x-wc-webhook-signature')?.trim() ?? '';
  if (!given) return { ok: false, reason: 'missing X-WC-Webhook-Signature' };
  if (!secret) return { ok: false, reason: 'no webhook secret stored' };
  const expected = Buffer.from(wooSignature(rawBody, secret), 'base64');
  const actual = Buffer.from(given, 'base64');
  if (actual.length !== expected.length || !timingSafeEqual(actual, expected)) return { ok: false, reason: 'signature mismatch' };
  const topic = headers.get('x-wc-webhook-topic')?.trim().toLowerCase() ?? '';
  const deliveryId = (headers.get('x-wc-webhook-delivery-id') ?? headers.get('x-wc-delivery-id') ?? '').trim();
  if (!topic) return { ok: false, reason: 'missing X-WC-Webhook-Topic' };
  if (!deliveryId) return { ok: false, reason: 'missing X-WC-Webhook-Delivery-ID' };
  return { ok: true, topic, deliveryId };
}

/** WooCommerce pings a new webhook's URL with the form body `webhook_id=N` (unsigned); it is answered 200 and changes nothing. */
export function isWooPing(rawBody: string): boolean {
  return /^webhook_id=\d{1,20}$/.test(rawBody.trim());
}
