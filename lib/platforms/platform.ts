/**
 * The contract every commerce-platform connector (lib/platforms/<platform>/) fulfils: verify a webhook from its
 * raw body and headers, apply one topic, backfill recent orders, test the connection, and optionally carry
 * refunds (a RefundRail, contract in lib/core/refund-rail.ts). No `server-only`: the CLI and the worker use it.
 */
import type { DbOrTx } from '@/db';
import type { RefundRail } from '@/lib/core/refund-rail';
import type { Ctx } from '@/lib/core/actor';

export type PlatformId = 'shopify' | 'woocommerce' | 'vendure';
export const PLATFORM_IDS: readonly PlatformId[] = ['shopify', 'woocommerce', 'vendure'];

/** Each platform's name as its makers spell it (shown to staff as is, in every language). */
export const PLATFORM_NAMES: Readonly<Record<PlatformId, string>> = { shopify: 'Shopify', woocommerce: 'WooCommerce', vendure: 'Vendure' };

/** A stored platform id's display name; an id no connector knows (any more) shows as stored. */
export function platformName(id: string): string {
  return PLATFORM_NAMES[id as PlatformId] ?? id;
}

/** An integration with its secrets opened (never leaves the server). */
export interface OpenIntegration {
  id: string;
  platform: PlatformId;
  domain: string;
  displayName: string;
  credentials: Record<string, string>;
  webhookSecret: string;
}

export type WebhookVerdict =
  | { ok: true; topic: string; deliveryId: string }
  /** `reason` is for our logs only; the sender gets a generic 401. */
  | { ok: false; reason: string };

/**
 * What one webhook delivery did. `skipped` carries a reason a person can act on (logged and stored); `retry`
 * means "not yet" (e.g. a fulfilment before its order): nothing is stored and the platform delivers it again.
 */
export type TopicOutcome = { outcome: 'applied' | 'stale' | 'skipped' | 'retry'; detail?: string; orderId?: string };

export type BackfillResult = { days: number; orders: number; created: number; updated: number; stale: number; skipped: number; pages: number };

/** What a product backfill did, counted in variants (a product's variants are upserted one by one). */
export type ProductBackfillResult = { products: number; variants: number; created: number; updated: number; stale: number; skipped: number; discontinued: number; pages: number };

/** What a platform client call that moves money out (store credit, coupons) did: its value, or why not and whether a retry can help. */
export type PlatformResult<T> = { ok: true; value: T } | { ok: false; retryable: boolean; message: string; code?: string };

export type ConnectionResult = { ok: true; name: string } | { ok: false; message: string };

export interface Platform {
  id: PlatformId;
  /** The webhook header that names the shop; `shopDomainOf` turns its value into the stored `domain` (default: as sent). */
  shopHeader: string;
  shopDomainOf?(value: string): string;
  /** A delivery that only checks the URL (WooCommerce's unsigned ping): answered 200, nothing verified or stored. */
  isPing?(rawBody: string): boolean;
  /** Checks the delivery's signature over the exact raw body with the integration's webhook secret. */
  verifyWebhook(input: { rawBody: string; headers: Headers; secret: string }): Promise<WebhookVerdict>;
  /** Applies one verified delivery (`payload` is the parsed JSON body) inside the caller's transaction. */
  handleTopic(ctx: Ctx, integration: OpenIntegration, topic: string, payload: unknown): Promise<TopicOutcome>;
  /** Pulls orders updated in the last `days` days through the platform's API and upserts them. */
  backfill(ctx: Ctx, integration: OpenIntegration, days: number, signal?: AbortSignal): Promise<BackfillResult>;
  /** Pulls every product with its variants, options and stock through the platform's API into our catalogue (not on Vendure yet). */
  backfillProducts?(ctx: Ctx, integration: OpenIntegration, signal?: AbortSignal): Promise<ProductBackfillResult>;
  testConnection(integration: OpenIntegration, signal?: AbortSignal): Promise<ConnectionResult>;
  refundRail?: RefundRail;
}

export type { DbOrTx };
