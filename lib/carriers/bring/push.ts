/**
 * Bring Event Cast (developer.bring.com/api/event-cast; `content/api/event-cast/api.raml` in bring/developer-site):
 * webhooks per tracking (parcel or shipment) number. `POST /api/v1/webhooks` → 201 with the webhook (`id`,
 * `expiry`), 409 when one with the same events exists; `DELETE /api/v1/webhooks/{id}` → 204 (404 = not registered);
 * `GET /api/v1/webhooks/` and `/api/v1/webhooks/{id}`. Webhooks live up to 30 days (or until delivered) and cannot
 * be edited: renewing is delete + create. The `headers` of the configuration are sent with every callback; we
 * register our webhook secret header there, so the receiver (webhook-auth.ts) verifies each push. Mybring
 * API headers authenticate the calls. Customer-number subscriptions exist (June 2024) but their endpoint is not in
 * any public document stored here, so Paluu subscribes per tracking number (fixtures/SOURCES.md).
 */
import type { CarrierConfig } from '../config';
import { type CarrierPush, type PushContext, type PushSubscriptionInfo } from '../push-api';
import { pushFailure, pushRequest, readCarrierInstant } from '../push-http';

export const BRING_EVENT_CAST_URL = 'https://api.bring.com/event-cast';

/**
 * Every event group of the Event Cast list that changes what a customer sees (not the home-delivery booking
 * groups DELIVERY_ORDERED/CHANGED/CANCELLED, which change no status).
 */
export const BRING_EVENT_GROUPS = [
  'PRE_NOTIFIED',
  'HANDED_IN',
  'COLLECTED',
  'IN_TRANSIT',
  'TERMINAL',
  'INTERNATIONAL',
  'CUSTOMS',
  'TRANSPORT_TO_RECIPIENT',
  'ATTEMPTED_DELIVERY',
  'READY_FOR_PICKUP',
  'NOTIFICATION_SENT',
  'DEVIATION',
  'DELIVERED',
  'RETURN',
  'DELIVERED_SENDER',
] as const;

const base = (ctx: PushContext) => (ctx.config.pushBaseUrl ?? BRING_EVENT_CAST_URL).replace(/\/+$/, '');
const auth = (config: CarrierConfig) => ({ 'x-mybring-api-uid': config.apiUid ?? '', 'x-mybring-api-key': config.apiKey ?? '' });

function webhookOf(json: unknown): PushSubscriptionInfo | null {
  if (!json || typeof json !== 'object' || Array.isArray(json)) return null;
  const w = json as Record<string, unknown>;
  if (typeof w.id !== 'string' || !w.id) return null;
  const configuration = (w.configuration ?? {}) as Record<string, unknown>;
  return {
    externalId: w.id,
    expiresAt: readCarrierInstant(w.expiry),
    state: 'active',
    scopeRef: typeof w.trackingId === 'string' ? w.trackingId : undefined,
    callbackUrl: typeof configuration.url === 'string' ? configuration.url : undefined,
  };
}

async function list(ctx: PushContext): Promise<PushSubscriptionInfo[]> {
  const res = await pushRequest(ctx, 'GET', `${base(ctx)}/api/v1/webhooks/`, auth(ctx.config));
  if (res.status === 404) return [];
  if (res.status !== 200 || !Array.isArray(res.json)) throw pushFailure('Bring Event Cast list', res);
  return res.json.map(webhookOf).filter((w): w is PushSubscriptionInfo => w !== null);
}

export const bringPush: CarrierPush = {
  scopes: ['tracking_number'],
  defaultLifetimeDays: 30,
  hasCredentials: (config) => Boolean(config.apiUid && config.apiKey),
  async create(ctx, scope) {
    const body = {
      trackingId: scope.ref,
      configuration: { url: ctx.callbackUrl, content_type: 'application/json', headers: [{ key: ctx.secretHeader, value: ctx.secret }] },
      event_groups: [...BRING_EVENT_GROUPS],
    };
    const res = await pushRequest(ctx, 'POST', `${base(ctx)}/api/v1/webhooks`, auth(ctx.config), body);
    if (res.status === 409) {
      // Ours already exists (a crash between the carrier's answer and our commit): adopt it.
      const existing = (await list(ctx)).find((w) => w.scopeRef === scope.ref && w.callbackUrl === ctx.callbackUrl);
      if (existing) return existing;
      throw pushFailure('Bring Event Cast create (a webhook for these events exists, not ours)', res);
    }
    const webhook = res.status === 201 || res.status === 200 ? webhookOf(res.json) : null;
    if (!webhook) throw pushFailure('Bring Event Cast create', res);
    return webhook;
  },
  async remove(ctx, externalId) {
    const res = await pushRequest(ctx, 'DELETE', `${base(ctx)}/api/v1/webhooks/${encodeURIComponent(externalId)}`, auth(ctx.config));
    if (res.status === 204 || res.status === 200 || res.status === 404) return;
    throw pushFailure('Bring Event Cast delete', res);
  },
  async inspect(ctx, externalId) {
    const res = await pushRequest(ctx, 'GET', `${base(ctx)}/api/v1/webhooks/${encodeURIComponent(externalId)}`, auth(ctx.config));
    if (res.status === 404) return null;
    const webhook = res.status === 200 ? webhookOf(res.json) : null;
    if (!webhook) throw pushFailure('Bring Event Cast get', res);
    return webhook;
  },
  list,
};
