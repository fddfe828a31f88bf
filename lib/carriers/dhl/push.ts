/**
 * DHL Shipment Tracking – Unified Push (developer.dhl.com/api-reference/shipment-tracking-unified-push).
 * Published by DHL (its Bruno/Postman collections, fixtures/SOURCES.md): `POST /tracking/push/v1/subscription`
 * with `DHL-API-Key`, `type` `Shipment` + `shipmentIDs` (or `Account` + `accountID`), `service`, `events`, and
 * `hook.authentication` {type `ApiKeyAuthentication`, header, token}: DHL sends that header with every push, which
 * is how our receiver (webhook-auth.ts) verifies it.
 *
 * ASSUMPTIONS (no public DHL example; two independent open-source clients agree): the answer carries the
 * subscription id as `id`, `subscriptionId` or the last segment of `self`, and maybe `expires`; DHL then posts
 * `subscription.validate` with a `secret` to the hook, and the subscription is activated with
 * `POST /subscription/{id}` + header `DHL-API-Hook-Secret`; `GET /subscriptions` lists, `GET`/`DELETE
 * /subscription/{id}` inspect and remove. DHL states no lifetime; we assume 30 days and renew before that.
 */
import type { CarrierConfig } from '../config';
import { type CarrierPush, type PushContext, type PushSubscriptionInfo } from '../push-api';
import { pushFailure, pushRequest, readCarrierInstant } from '../push-http';

export const DHL_PUSH_URL = 'https://api-eu.dhl.com/tracking/push/v1';
/** The event list of DHL's own collection. */
export const DHL_PUSH_EVENTS = ['Pre-Transit', 'Transit', 'Delivered', 'Failure', 'Unknown'] as const;

const base = (ctx: PushContext) => (ctx.config.pushBaseUrl ?? DHL_PUSH_URL).replace(/\/+$/, '');
const auth = (config: CarrierConfig) => ({ 'dhl-api-key': config.apiKey ?? '' });

/** The id at the end of a `self` link (`…/subscription/{id}`). */
export function dhlSubscriptionIdOf(self: unknown): string | null {
  if (typeof self !== 'string') return null;
  const m = /\/subscription\/([^/?#]+)\/?$/.exec(self.trim());
  return m ? decodeURIComponent(m[1]!) : null;
}

function subscriptionOf(json: unknown, fallbackState: PushSubscriptionInfo['state']): PushSubscriptionInfo | null {
  if (!json || typeof json !== 'object' || Array.isArray(json)) return null;
  const s = json as Record<string, unknown>;
  const id = (typeof s.id === 'string' && s.id) || (typeof s.subscriptionId === 'string' && s.subscriptionId) || dhlSubscriptionIdOf(s.self);
  if (!id) return null;
  const ids = Array.isArray(s.shipmentIDs) ? s.shipmentIDs.filter((x): x is string => typeof x === 'string') : [];
  const hook = (s.hook ?? {}) as Record<string, unknown>;
  const status = typeof s.status === 'string' ? s.status.toLowerCase() : '';
  return {
    externalId: id,
    expiresAt: readCarrierInstant(s.expires),
    state: status === 'active' || status === 'ready' ? 'active' : fallbackState,
    scopeRef: ids[0] ?? (typeof s.accountID === 'string' ? s.accountID : undefined),
    callbackUrl: typeof hook.uri === 'string' ? hook.uri : undefined,
  };
}

export const dhlPush: CarrierPush = {
  scopes: ['tracking_number'],
  defaultLifetimeDays: 30,
  hasCredentials: (config) => Boolean(config.apiKey),
  async create(ctx, scope) {
    const body = {
      hook: { uri: ctx.callbackUrl, authentication: { type: 'ApiKeyAuthentication', header: ctx.secretHeader, token: ctx.secret } },
      format: 'Default',
      type: 'Shipment',
      service: ctx.config.pushService ?? 'express',
      events: [...DHL_PUSH_EVENTS],
      shipmentIDs: [scope.ref],
    };
    const res = await pushRequest(ctx, 'POST', `${base(ctx)}/subscription`, auth(ctx.config), body);
    const sub = res.status === 200 || res.status === 201 || res.status === 202 ? subscriptionOf(res.json, 'validating') : null;
    if (!sub) throw pushFailure('DHL push subscribe', res);
    return { ...sub, scopeRef: sub.scopeRef ?? scope.ref };
  },
  async activate(ctx, externalId, activationSecret) {
    const res = await pushRequest(ctx, 'POST', `${base(ctx)}/subscription/${encodeURIComponent(externalId)}`, { ...auth(ctx.config), 'dhl-api-hook-secret': activationSecret });
    if (res.status >= 200 && res.status < 300) return;
    throw pushFailure('DHL push activate', res);
  },
  async remove(ctx, externalId) {
    const res = await pushRequest(ctx, 'DELETE', `${base(ctx)}/subscription/${encodeURIComponent(externalId)}`, auth(ctx.config));
    if ((res.status >= 200 && res.status < 300) || res.status === 404) return;
    throw pushFailure('DHL push delete', res);
  },
  async inspect(ctx, externalId) {
    const res = await pushRequest(ctx, 'GET', `${base(ctx)}/subscription/${encodeURIComponent(externalId)}`, auth(ctx.config));
    if (res.status === 404) return null;
    const sub = res.status === 200 ? subscriptionOf(res.json, 'active') : null;
    if (!sub) throw pushFailure('DHL push get', res);
    return sub;
  },
  async list(ctx) {
    const res = await pushRequest(ctx, 'GET', `${base(ctx)}/subscriptions`, auth(ctx.config));
    if (res.status !== 200 || !Array.isArray(res.json)) throw pushFailure('DHL push list', res);
    return res.json.map((s) => subscriptionOf(s, 'active')).filter((s): s is PushSubscriptionInfo => s !== null);
  },
};
