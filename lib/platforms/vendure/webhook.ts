/**
 * Deliveries of the Paluu plugin for Vendure (test/engines/vendure/paluu-webhook-plugin.mjs; Vendure has no webhooks of
 * its own): `X-Vendure-Signature: sha256=<hex>` is the HMAC-SHA256 of the raw body with the integration's webhook
 * secret, compared in constant time; `X-Vendure-Delivery` is the delivery id (deduplication), `X-Vendure-Topic` the
 * topic and `X-Vendure-Shop` the shop URL the integration is stored by.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { WebhookVerdict } from '../platform';

export function vendureSignature(rawBody: string, secret: string): string {
  return `sha256=${createHmac('sha256', secret).update(rawBody, 'utf8').digest('hex')}`;
}

export async function verifyVendureWebhook({ rawBody, headers, secret }: { rawBody: string; headers: Headers; secret: string }): Promise<WebhookVerdict> {
  const given = headers.get('x-vendure-signature')?.trim() ?? '';
  if (!/^sha256=[0-9a-f]{64}$/i.test(given)) return { ok: false, reason: 'missing or malformed X-Vendure-Signature' };
  if (!secret) return { ok: false, reason: 'no webhook secret stored' };
  const expected = Buffer.from(vendureSignature(rawBody, secret).slice(7), 'hex');
  const actual = Buffer.from(given.slice(7), 'hex');
  if (!timingSafeEqual(actual, expected)) return { ok: false, reason: 'signature mismatch' };
  const topic = headers.get('x-vendure-topic')?.trim().toLowerCase() ?? '';
  const deliveryId = headers.get('x-vendure-delivery')?.trim() ?? '';
  if (!topic) return { ok: false, reason: 'missing X-Vendure-Topic' };
  if (!deliveryId) return { ok: false, reason: 'missing X-Vendure-Delivery' };
  return { ok: true, topic, deliveryId };
}
