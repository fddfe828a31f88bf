/**
 * The life of a carrier push subscription (issue #14, "Push, for real"), the same for every carrier with
 * `Carrier.push` (Bring Event Cast, DHL Unified Push):
 *
 * - a parcel of a push carrier is created → a `pending` row (the `shipment.created` subscriber, and a backfill
 *   sweep for parcels created before push was configured);
 * - the worker creates it at the carrier → `active` (DHL: `validating` until DHL's `subscription.validate`
 *   arrives at the callback and we activate it);
 * - before `expires_at` (margin `PUSH_RENEW_MARGIN_DAYS`), or when the callback URL or secret changed, it is
 *   renewed (delete + create: Bring webhooks cannot be edited and refuse a second one for the same events);
 * - when the parcel is done (delivered, returned, canceled) and `PUSH_DONE_GRACE_HOURS` have passed → deleted
 *   at the carrier;
 * - a carrier error → `attempts + 1`, `last_error`, retried after 30 s·2ⁿ (max 6 h); after `PUSH_MAX_ATTEMPTS`
 *   → `failed` (shown on the staff carriers page; the hourly reconciliation poll still covers the parcel).
 *
 * One subscription per parcel across workers: the unique key (carrier, scope kind, number) and rows claimed with
 * FOR UPDATE SKIP LOCKED under a lease (`next_attempt_at` pushed ahead), so two workers never call the carrier
 * for the same row at once. The callback secret is the carrier's webhook secret from settings (sealed there);
 * rows keep only where it comes from and a fingerprint, so a rotation re-registers every subscription.
 */
import { createHash } from 'node:crypto';
import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Db, DbOrTx } from '@/db';
import { carrierPushSubscriptions, shipments, type CarrierPushSubscription } from '@/db/schema';
import type { CarrierId } from '@/lib/core/enums';
import { openSecret, sealSecret } from '@/lib/core/secret-box';
import { appOrigin } from '@/lib/core/url';
import { readAppSecret } from '@/lib/settings/read-app-secret';
import { getCarrierConfig } from './config';
import { dhlSubscriptionIdOf } from './dhl/push';
import type { FetchLike } from './pollers/http';
import { PushApiError, type CarrierPush, type PushContext } from './push-api';
import { registry } from './registry';

export const PUSH_RENEW_MARGIN_DAYS = 3;
export const PUSH_DONE_GRACE_HOURS = 48;
export const PUSH_MAX_ATTEMPTS = 10;
const LEASE_MS = 5 * 60_000;
const BACKOFF_BASE_MS = 30_000;
const BACKOFF_MAX_MS = 6 * 3_600_000;
const FINISHED = ['delivered', 'returned_to_sender', 'canceled'] as const;
const ACTIVATION_PURPOSE = 'carrier-push-activation';

/** Carriers whose pushes must be subscribed to, as the registry says. */
export const PUSH_SUBSCRIPTION_CARRIERS: readonly CarrierId[] = Object.values(registry)
  .filter((c) => c.push)
  .map((c) => c.id);

export type PushNotReady = 'not_push' | 'disabled' | 'no_credentials' | 'no_secret' | 'hmac_auth' | 'no_public_url';
export type PushSetup =
  | { ready: true; carrier: CarrierId; push: CarrierPush; ctx: PushContext; fingerprint: string; secretRef: string }
  | { ready: false; carrier: CarrierId; reason: PushNotReady };

export type PushDeps = {
  fetch?: FetchLike;
  sleep?: (ms: number) => Promise<void>;
  now?: Date;
  env?: NodeJS.ProcessEnv;
  batch?: number;
  /** Only these tracking or customer numbers (tests share one database with other files' parcels); no backfill. */
  onlyScopeRefs?: string[];
};

/** Whether push subscriptions can be made for a carrier now, and with what. */
export async function pushSetup(db: DbOrTx, carrier: CarrierId, deps: PushDeps = {}): Promise<PushSetup> {
  const push = registry[carrier].push;
  if (!push) return { ready: false, carrier, reason: 'not_push' };
  const env = deps.env ?? process.env;
  const config = await getCarrierConfig(db, carrier, env);
  if (!config.enabled || config.pushEnabled === false) return { ready: false, carrier, reason: 'disabled' };
  if (!push.hasCredentials(config)) return { ready: false, carrier, reason: 'no_credentials' };
  if (!config.webhookSecret) return { ready: false, carrier, reason: 'no_secret' };
  // Bring and DHL send a fixed header of our choosing; they cannot sign bodies.
  if (config.webhookAuth !== 'header') return { ready: false, carrier, reason: 'hmac_auth' };
  const origin = (config.pushCallbackBaseUrl ?? appOrigin(env)).replace(/\/+$/, '');
  // A carrier cannot call localhost; only an explicitly configured callback base may be plain http (tests, tunnels).
  if (!config.pushCallbackBaseUrl && !origin.startsWith('https://')) return { ready: false, carrier, reason: 'no_public_url' };
  const ctx: PushContext = {
    config,
    callbackUrl: `${origin}/api/webhooks/carriers/${carrier}`,
    secretHeader: config.webhookHeader,
    secret: config.webhookSecret,
    fetch: deps.fetch,
    sleep: deps.sleep,
  };
  const fingerprint = createHash('sha256').update(`${config.webhookHeader}\n${config.webhookSecret}`).digest('hex').slice(0, 16);
  return { ready: true, carrier, push, ctx, fingerprint, secretRef: `settings:carriers.${carrier}.webhookSecret` };
}

/**
 * A `pending` subscription for one parcel (the `shipment.created` subscriber). Does nothing for carriers
 * without push subscriptions, finished parcels, or when push is not configured. Idempotent (unique key).
 */
export async function queueShipmentSubscription(tx: DbOrTx, shipmentId: string, deps: PushDeps = {}): Promise<'queued' | 'exists' | 'skipped'> {
  const [parcel] = await tx
    .select({ id: shipments.id, carrier: shipments.carrier, trackingNumber: shipments.trackingNumber, status: shipments.status })
    .from(shipments)
    .where(eq(shipments.id, shipmentId));
  if (!parcel?.trackingNumber || (FINISHED as readonly string[]).includes(parcel.status)) return 'skipped';
  if (!registry[parcel.carrier].push) return 'skipped';
  const setup = await pushSetup(tx, parcel.carrier, deps);
  if (!setup.ready) return 'skipped';
  const inserted = await tx
    .insert(carrierPushSubscriptions)
    .values({ carrier: parcel.carrier, scopeKind: 'tracking_number', scopeRef: parcel.trackingNumber, shipmentId: parcel.id, secretRef: setup.secretRef })
    .onConflictDoNothing()
    .returning({ id: carrierPushSubscriptions.id });
  return inserted.length > 0 ? 'queued' : 'exists';
}

/** Parcels of a push carrier still on their way without a subscription row (created before push was set up). */
async function backfill(db: Db, setup: Extract<PushSetup, { ready: true }>, limit: number): Promise<number> {
  const rows = await db.execute<{ id: string }>(sql`
    insert into carrier_push_subscriptions (carrier, scope_kind, scope_ref, shipment_id, secret_ref)
    select s.carrier, 'tracking_number', s.tracking_number, s.id, ${setup.secretRef}
    from shipments s
    where s.carrier = ${setup.carrier} and s.tracking_number is not null and s.tracking_number <> ''
      and s.status not in ('delivered', 'returned_to_sender', 'canceled')
      and not exists (select 1 from carrier_push_subscriptions c
                      where c.carrier = s.carrier and c.scope_kind = 'tracking_number' and c.scope_ref = s.tracking_number)
    order by s.created_at desc
    limit ${limit}
    on conflict do nothing
    returning id`);
  return [...rows].length;
}

/** Subscriptions of parcels done for longer than the grace period (or deleted) are marked for removal. */
async function markFinished(db: Db, carrier: CarrierId, now: Date): Promise<number> {
  const cutoff = new Date(now.getTime() - PUSH_DONE_GRACE_HOURS * 3_600_000).toISOString();
  const rows = await db.execute<{ id: string }>(sql`
    update carrier_push_subscriptions c
    set status = case when c.external_id is null then 'deleted' else 'to_delete' end,
        next_attempt_at = ${now.toISOString()}::timestamptz, attempts = 0, updated_at = now()
    where c.carrier = ${carrier} and c.status in ('pending', 'active', 'validating', 'failed')
      and (c.shipment_id is null or exists (
        select 1 from shipments s
        where s.id = c.shipment_id and s.status in ('delivered', 'returned_to_sender', 'canceled')
          and coalesce(s.last_event_at, s.updated_at) < ${cutoff}::timestamptz))
    returning c.id`);
  return [...rows].length;
}

/** Rows with work to do, leased to this worker (others skip them). */
// Due means due within `now`'s millisecond: the database stamps next_attempt_at in microseconds, a JS Date is
// whole milliseconds, so a row queued in the same millisecond as `now` was taken would otherwise wait a pass
// (a test that queues and runs at once failed that way on PostgreSQL 15 in CI).
async function claim(db: Db, setup: Extract<PushSetup, { ready: true }>, now: Date, limit: number, onlyScopeRefs?: string[]): Promise<CarrierPushSubscription[]> {
  const renewBefore = new Date(now.getTime() + PUSH_RENEW_MARGIN_DAYS * 86_400_000).toISOString();
  const rows = await db.execute<{ id: string }>(sql`
    update carrier_push_subscriptions c
    set next_attempt_at = ${new Date(now.getTime() + LEASE_MS).toISOString()}::timestamptz, updated_at = now()
    where c.id in (
      select id from carrier_push_subscriptions
      where carrier = ${setup.carrier} and next_attempt_at < ${new Date(now.getTime() + 1).toISOString()}::timestamptz
        ${onlyScopeRefs ? sql`and scope_ref in (select jsonb_array_elements_text(${JSON.stringify(onlyScopeRefs)}::jsonb))` : sql``}
        and (status in ('pending', 'to_delete')
          or (status = 'validating' and activation_sealed is not null)
          or (status = 'active' and (expires_at is null or expires_at <= ${renewBefore}::timestamptz
              or secret_fingerprint is distinct from ${setup.fingerprint}
              or callback_url is distinct from ${setup.ctx.callbackUrl})))
      order by next_attempt_at
      limit ${limit}
      for update skip locked)
    returning c.id`);
  const ids = [...rows].map((r) => r.id);
  if (ids.length === 0) return [];
  return db.select().from(carrierPushSubscriptions).where(inArray(carrierPushSubscriptions.id, ids));
}

export type PushRunResult = {
  carrier: CarrierId;
  notReady?: PushNotReady;
  queued: number;
  created: number;
  renewed: number;
  activated: number;
  deleted: number;
  errors: string[];
};

type Ready = Extract<PushSetup, { ready: true }>;

async function handle(db: Db, setup: Ready, row: CarrierPushSubscription, now: Date, result: PushRunResult): Promise<void> {
  const { push, ctx } = setup;
  const lifetime = (expiresAt: Date | null) => expiresAt ?? new Date(now.getTime() + push.defaultLifetimeDays * 86_400_000);
  try {
    if (row.status === 'to_delete') {
      if (row.externalId) await push.remove(ctx, row.externalId);
      await db
        .update(carrierPushSubscriptions)
        .set({ status: 'deleted', attempts: 0, lastError: null, activationSealed: null })
        .where(eq(carrierPushSubscriptions.id, row.id));
      result.deleted += 1;
      return;
    }
    if (row.status === 'validating' && row.activationSealed && row.externalId && push.activate) {
      const secret = openSecret(row.activationSealed, await readAppSecret(db), ACTIVATION_PURPOSE);
      await push.activate(ctx, row.externalId, secret);
      await db
        .update(carrierPushSubscriptions)
        .set({ status: 'active', activationSealed: null, attempts: 0, lastError: null })
        .where(eq(carrierPushSubscriptions.id, row.id));
      result.activated += 1;
      return;
    }
    // pending → create; active (expiring, or callback/secret changed) → renew = delete + create.
    const renewing = row.status === 'active' && row.externalId !== null;
    if (renewing) await push.remove(ctx, row.externalId!);
    const info = await push.create(ctx, { kind: row.scopeKind as 'tracking_number', ref: row.scopeRef });
    await db
      .update(carrierPushSubscriptions)
      .set({
        status: info.state,
        externalId: info.externalId,
        expiresAt: lifetime(info.expiresAt),
        callbackUrl: ctx.callbackUrl,
        secretRef: setup.secretRef,
        secretFingerprint: setup.fingerprint,
        activationSealed: null,
        attempts: 0,
        lastError: null,
        nextAttemptAt: now,
      })
      .where(eq(carrierPushSubscriptions.id, row.id));
    if (renewing) result.renewed += 1;
    else result.created += 1;
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    if (!(e instanceof PushApiError)) console.error(`[push] ${setup.carrier} ${row.scopeRef}:`, message);
    const attempts = row.attempts + 1;
    const giveUp = attempts >= PUSH_MAX_ATTEMPTS;
    const delay = Math.min(BACKOFF_MAX_MS, BACKOFF_BASE_MS * 2 ** (attempts - 1));
    await db
      .update(carrierPushSubscriptions)
      .set({
        attempts,
        lastError: message.slice(0, 1000),
        nextAttemptAt: new Date(now.getTime() + delay),
        ...(giveUp ? { status: 'failed' } : {}),
      })
      .where(eq(carrierPushSubscriptions.id, row.id));
    result.errors.push(`${row.scopeRef}: ${message}`);
  }
}

/** One run for one carrier: backfill, mark finished, then create/renew/activate/delete what is due. */
export async function runPushSubscriptions(db: Db, carrier: CarrierId, deps: PushDeps = {}): Promise<PushRunResult> {
  const result: PushRunResult = { carrier, queued: 0, created: 0, renewed: 0, activated: 0, deleted: 0, errors: [] };
  const setup = await pushSetup(db, carrier, deps);
  if (!setup.ready) {
    result.notReady = setup.reason;
    return result;
  }
  const now = deps.now ?? new Date();
  const batch = deps.batch ?? 50;
  if (!deps.onlyScopeRefs) result.queued = await backfill(db, setup, 500);
  await markFinished(db, carrier, now);
  for (let round = 0; round < 20; round += 1) {
    const rows = await claim(db, setup, now, batch, deps.onlyScopeRefs);
    for (const row of rows) await handle(db, setup, row, now, result);
    if (rows.length < batch) break;
  }
  return result;
}

/**
 * DHL's control messages at the callback (after authentication): `subscription.validate` carries the secret
 * that activates the subscription (stored sealed; the worker activates it), `subscription.ready` says it is
 * live. Bring's `EXPIRED` callback marks the webhook for re-creation. Returns false when the body is not one.
 */
export async function recordPushControlMessage(db: DbOrTx, carrier: CarrierId, body: unknown, now = new Date()): Promise<boolean> {
  if (!body || typeof body !== 'object' || Array.isArray(body)) return false;
  const b = body as Record<string, unknown>;
  if (carrier === 'dhl' && typeof b.scope === 'string' && b.scope.startsWith('subscription.') && b.scope !== 'subscription.push') {
    const id = dhlSubscriptionIdOf(b.self);
    if (!id) return true; // a control message we cannot attribute: acknowledged, nothing to do
    const where = and(eq(carrierPushSubscriptions.carrier, 'dhl'), eq(carrierPushSubscriptions.externalId, id));
    if (b.scope === 'subscription.validate' && typeof b.secret === 'string' && b.secret) {
      const sealed = sealSecret(b.secret, await readAppSecret(db), ACTIVATION_PURPOSE);
      await db.update(carrierPushSubscriptions).set({ status: 'validating', activationSealed: sealed, nextAttemptAt: now }).where(where);
    } else if (b.scope === 'subscription.ready') {
      await db.update(carrierPushSubscriptions).set({ status: 'active', activationSealed: null, lastError: null }).where(where);
    } else if (b.scope === 'subscription.failure') {
      const failure = b.failure && typeof b.failure === 'object' ? (b.failure as Record<string, unknown>) : {};
      const text = [failure.title, failure.detail].filter((x) => typeof x === 'string').join(': ') || 'DHL reported a subscription failure';
      await db.update(carrierPushSubscriptions).set({ lastError: text.slice(0, 1000) }).where(where);
    }
    return true;
  }
  if (carrier === 'bring' && (b.status === 'EXPIRED' || b.status === 'NOT_REGISTERED')) {
    const ref = [b.package, b.shipment].find((x): x is string => typeof x === 'string' && x !== '');
    if (ref) {
      const where = and(eq(carrierPushSubscriptions.carrier, 'bring'), eq(carrierPushSubscriptions.scopeRef, ref), eq(carrierPushSubscriptions.status, 'active'));
      if (b.status === 'EXPIRED') await db.update(carrierPushSubscriptions).set({ status: 'pending', externalId: null, nextAttemptAt: now }).where(where);
      else await db.update(carrierPushSubscriptions).set({ lastError: 'Bring: the number was not found within two days (NOT_REGISTERED)' }).where(where);
    }
    return true;
  }
  return false;
}

export type PushSummary = { carrier: CarrierId; counts: Record<string, number>; lastError: string | null; lastErrorAt: string | null; nextExpiry: string | null };

/** Counts per status and the latest error, per push carrier (staff carriers page, ops). */
export async function pushSubscriptionSummary(db: DbOrTx): Promise<PushSummary[]> {
  const counts = await db.execute<{ carrier: CarrierId; status: string; n: number }>(sql`
    select carrier, status, count(*)::int as n from carrier_push_subscriptions group by carrier, status`);
  const errors = await db.execute<{ carrier: CarrierId; last_error: string; updated_at: string }>(sql`
    select distinct on (carrier) carrier, last_error, updated_at from carrier_push_subscriptions
    where last_error is not null order by carrier, updated_at desc`);
  const expiries = await db.execute<{ carrier: CarrierId; at: string }>(sql`
    select carrier, min(expires_at) as at from carrier_push_subscriptions where status = 'active' group by carrier`);
  return PUSH_SUBSCRIPTION_CARRIERS.map((carrier) => {
    const error = [...errors].find((e) => e.carrier === carrier);
    const expiry = [...expiries].find((e) => e.carrier === carrier);
    return {
      carrier,
      counts: Object.fromEntries([...counts].filter((c) => c.carrier === carrier).map((c) => [c.status, Number(c.n)])),
      lastError: error?.last_error ?? null,
      lastErrorAt: error ? new Date(error.updated_at).toISOString() : null,
      nextExpiry: expiry?.at ? new Date(expiry.at).toISOString() : null,
    };
  });
}
