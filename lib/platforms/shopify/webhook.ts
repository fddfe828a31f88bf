/**
 * Shopify webhook signatures, checked with Shopify's own library (@shopify/shopify-api `webhooks.validate`):
 * base64 HMAC-SHA256 of the raw body with the webhook secret in `X-Shopify-Hmac-Sha256`, compared in constant
 * time, plus the headers Shopify always sends (topic, shop domain, API version, webhook id). The library wants a
 * whole app config; only `apiSecretKey` matters for validation, the rest are placeholders it requires.
 */
import '@shopify/shopify-api/adapters/web-api';
import { LogSeverity, shopifyApi } from '@shopify/shopify-api';
import type { WebhookVerdict } from '../platform';
import { ADMIN_API_VERSION } from './api';

type ShopifyApi = ReturnType<typeof shopifyApi>;
const clients = new Map<string, ShopifyApi>();

function clientFor(secret: string): ShopifyApi {
  let client = clients.get(secret);
  if (!client) {
    client = shopifyApi({
      apiKey: 'paluu',
      apiSecretKey: secret,
      hostName: 'localhost',
      apiVersion: ADMIN_API_VERSION as never,
      isEmbeddedApp: false,
      logger: { level: LogSeverity.Error, log: async () => {} },
    });
    // A handful of shops at most; never let the cache grow without bound.
    if (clients.size > 50) clients.clear();
    clients.set(secret, client);
  }
  return client;
}

export async function verifyShopifyWebhook({ rawBody, headers, secret }: { rawBody: string; headers: Headers; secret: string }): Promise<WebhookVerdict> {
  const result = await clientFor(secret).webhooks.validate({
    rawBody,
    rawRequest: new Request('http://localhost/webhooks', { method: 'POST', headers }),
  });
  if (!result.valid) return { ok: false, reason: 'missingHeaders' in result ? `missing headers ${result.missingHeaders.join(', ')}` : result.reason };
  // The library stores topics as ORDERS_CREATE; the header is `orders/create`.
  const topic = headers.get('x-shopify-topic') ?? '';
  return { ok: true, topic: topic.trim().toLowerCase(), deliveryId: result.webhookId };
}
