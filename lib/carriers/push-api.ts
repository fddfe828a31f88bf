/**
 * What a carrier that pushes must offer so Paluu can manage its push subscriptions (issue #14, "Push, for
 * real"): Bring Event Cast webhooks and DHL Unified Push subscriptions are created by the subscriber (us),
 * expire, and must be removed when a parcel is done. Implemented in `lib/carriers/<carrier>/push.ts`,
 * reached through `Carrier.push`; the lifecycle (when to create, renew, delete, retry) is in
 * `push-subscriptions.ts`, which is the same for every carrier.
 */
import type { CarrierConfig } from './config';
import type { FetchLike } from './pollers/http';

export type PushScopeKind = 'tracking_number' | 'customer_number';
export type PushScope = { kind: PushScopeKind; ref: string };

/** Everything a carrier's push client needs for one call. */
export type PushContext = {
  config: CarrierConfig;
  /** Our public callback, `…/api/webhooks/carriers/<carrier>`. */
  callbackUrl: string;
  /** The header the carrier must send with every push and its value (verified by webhook-auth.ts). */
  secretHeader: string;
  secret: string;
  fetch?: FetchLike;
  sleep?: (ms: number) => Promise<void>;
};

/** What the carrier says about one subscription. */
export type PushSubscriptionInfo = {
  externalId: string;
  /** The carrier's expiry; null when it does not say (the caller assumes `defaultLifetimeDays`). */
  expiresAt: Date | null;
  /** `validating`: the carrier still waits for an activation (DHL), `active`: it pushes. */
  state: 'active' | 'validating';
  scopeRef?: string;
  callbackUrl?: string;
};

/** A carrier answered in a way that is not a success; `retryable` false = our request or setup is wrong. */
export class PushApiError extends Error {
  constructor(
    message: string,
    readonly status: number | null,
    readonly retryable: boolean,
  ) {
    super(message);
    this.name = 'PushApiError';
  }
}

export type CarrierPush = {
  /** The scopes this carrier offers and Paluu implements. */
  scopes: readonly PushScopeKind[];
  /** When the carrier gives no expiry: how long a subscription is assumed to live. */
  defaultLifetimeDays: number;
  /** Whether the settings hold the credentials the subscription API needs. */
  hasCredentials(config: CarrierConfig): boolean;
  create(ctx: PushContext, scope: PushScope): Promise<PushSubscriptionInfo>;
  /** Removes a subscription; one the carrier no longer knows counts as removed. */
  remove(ctx: PushContext, externalId: string): Promise<void>;
  /** One subscription as the carrier has it; null when it does not know it (expired, removed). */
  inspect(ctx: PushContext, externalId: string): Promise<PushSubscriptionInfo | null>;
  list(ctx: PushContext): Promise<PushSubscriptionInfo[]>;
  /** DHL: confirms a subscription with the secret DHL posted to the callback (`subscription.validate`). */
  activate?(ctx: PushContext, externalId: string, activationSecret: string): Promise<void>;
};
