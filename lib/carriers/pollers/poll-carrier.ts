/**
 * Pollers for the carriers without push (carriers.md §0): Posti, PostNord and Budbee are asked per parcel
 * for active parcels whose last event and last poll are both older than the poll interval; Matkahuolto is
 * read by time window (`from`/`to`, §3.1), which returns every event of the merchant's parcels, so no parcel
 * list is needed. Answers go into webhook_inbox (source 'poll') and take the webhook path from there.
 */
import { eq, sql } from 'drizzle-orm';
import type { Db } from '@/db';
import { carrierPolls, settings } from '@/db/schema';
import { SPECIMEN_PREFIX } from '@/lib/carriers/booking';
import { PENDING_PREFIX } from '@/lib/core/pending-parcel';
import { formatLocal } from '@/lib/time/zoned';
import type { CarrierId } from '@/lib/core/enums';
import { CarrierFormatError } from '../carrier';
import { type CarrierConfig, getCarrierConfig } from '../config';
import { sha256, storeInboxDelivery } from '../inbox';
import { registry } from '../registry';
import { bringTrackingLanguage } from '../bring/language';
import { postnordTrackingLocale } from '../postnord/language';
import { CarrierHttpError, carrierRequest, type FetchLike, rateLimiter } from './http';

export type PolledCarrier = 'posti' | 'postnord' | 'matkahuolto' | 'budbee' | 'bring' | 'dhl';
/** Carriers without push, polled every few minutes. */
export const POLLED_CARRIERS: readonly PolledCarrier[] = ['posti', 'postnord', 'matkahuolto', 'budbee'];
/** Push carriers: a reconciliation poll for parcels that have been quiet for `reconcileAfterMinutes` (WH-10). */
export const RECONCILED_CARRIERS: readonly PolledCarrier[] = ['bring', 'dhl'];

export type PollDeps = {
  fetch?: FetchLike;
  sleep?: (ms: number) => Promise<void>;
  now?: Date;
  maxParcels?: number;
  attempts?: number;
  /** Only these parcels (when they are due), e.g. a refresh of one order's parcels. */
  shipmentIds?: readonly string[];
};
export type PollResult = { carrier: PolledCarrier; requests: number; stored: number; duplicates: number; notFound: number; errors: string[]; stoppedByRateLimit: boolean };

const CURSOR_KEY = 'carrier_poll_cursors';
/** Matkahuolto: window length per request, and how far back the first run reaches. */
const MH_WINDOW_MINUTES = 60;
const MH_FIRST_LOOKBACK_HOURS = 24;

type Ctx = { db: Db; config: CarrierConfig; deps: PollDeps; result: PollResult; throttle: () => Promise<void> };

async function request(ctx: Ctx, url: string, init: RequestInit) {
  await ctx.throttle();
  ctx.result.requests += 1;
  return carrierRequest(url, init, { timeoutMs: ctx.config.requestTimeoutMs, fetch: ctx.deps.fetch, sleep: ctx.deps.sleep, attempts: ctx.deps.attempts });
}

/** Keeps an answer only when it is the carrier's format (a garbage answer must not become a poison row). */
async function keep(ctx: Ctx, carrier: CarrierId, text: string): Promise<void> {
  try {
    const outcome = registry[carrier].parse(text, 'tracking');
    if (outcome.kind === 'not_found') {
      // The carrier's own "unknown number" (Bring 404 consignment, PostNord empty shipments): not "no news".
      ctx.result.notFound += 1;
      return;
    }
    if (outcome.events.length === 0) return;
  } catch (e) {
    if (e instanceof CarrierFormatError) {
      ctx.result.errors.push(`unreadable answer: ${e.message}`);
      return;
    }
    throw e;
  }
  const stored = await storeInboxDelivery(ctx.db, { carrier, source: 'poll', dedupeKey: `poll:${sha256(text)}`, rawBody: text });
  if (stored.duplicate) ctx.result.duplicates += 1;
  else ctx.result.stored += 1;
}

async function activeParcels(db: Db, carrier: CarrierId, config: CarrierConfig, now: Date, limit: number, only?: readonly string[]) {
  const minutes = RECONCILED_CARRIERS.includes(carrier as PolledCarrier) ? config.reconcileAfterMinutes : config.pollIntervalMinutes;
  const cutoff = new Date(now.getTime() - minutes * 60_000);
  const rows = await db.execute<{ id: string; tracking_number: string; locale: string | null }>(sql`
    select s.id, s.tracking_number, o.locale from shipments s
    left join orders o on o.id = s.order_id
    left join carrier_polls p on p.shipment_id = s.id
    where s.carrier = ${carrier} and s.status not in ('delivered', 'returned_to_sender', 'canceled')
      -- a SPECIMEN return label (nothing booked with the carrier) has no parcel at the carrier to ask about
      and s.tracking_number not like ${`${SPECIMEN_PREFIX}%`}
      -- nor a parcel still awaiting the shop's tracking number (an exchange's or a reship's)
      and s.tracking_number not like ${`${PENDING_PREFIX}%`}
      and greatest(coalesce(s.last_event_at, '-infinity'), coalesce(p.polled_at, '-infinity')) < ${cutoff.toISOString()}::timestamptz
      ${only ? sql`and s.id in ${only.length > 0 ? only : ['00000000-0000-0000-0000-000000000000']}` : sql``}
    order by p.polled_at asc nulls first, s.created_at asc
    limit ${limit}`);
  return [...rows];
}

async function markPolled(db: Db, shipmentId: string, now: Date) {
  await db.insert(carrierPolls).values({ shipmentId, polledAt: now }).onConflictDoUpdate({ target: carrierPolls.shipmentId, set: { polledAt: now } });
}

// Posti OAuth2 client-credentials tokens (§1.1), cached until shortly before they expire.
const postiTokens = new Map<string, { token: string; expiresAt: number }>();

async function postiToken(ctx: Ctx): Promise<string> {
  const url = ctx.config.tokenUrl ?? 'https://gateway-auth.posti.fi/api/v1/token';
  const key = `${url}|${ctx.config.clientId}`;
  const cached = postiTokens.get(key);
  if (cached && cached.expiresAt > Date.now()) return cached.token;
  const body = new URLSearchParams({ grant_type: 'client_credentials', client_id: ctx.config.clientId ?? '', client_secret: ctx.config.clientSecret ?? '' });
  const res = await request(ctx, url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' }, body: body.toString() });
  const json = res.status === 200 ? (JSON.parse(res.text) as { access_token?: string; expires_in?: number }) : {};
  if (!json.access_token) throw new CarrierHttpError(`Posti token: HTTP ${res.status}`, 'client', res.status);
  postiTokens.set(key, { token: json.access_token, expiresAt: Date.now() + Math.max(60, (json.expires_in ?? 3600) - 60) * 1000 });
  return json.access_token;
}

/** One parcel per request: the URL and headers of each per-parcel API. */
type PerParcelCarrier = Exclude<PolledCarrier, 'matkahuolto'>;

/** `locale` = the order's language: carriers with event texts in several languages are asked in it (issue #14). */
async function parcelRequest(ctx: Ctx, carrier: PerParcelCarrier, trackingNumber: string, locale: string | null = null): Promise<[string, RequestInit]> {
  const base = ctx.config.baseUrl!;
  const id = encodeURIComponent(trackingNumber);
  switch (carrier) {
    case 'posti':
      return [`${base}/tracking/7/shipments/trackingnumbers/${id}`, { headers: { authorization: `Bearer ${await postiToken(ctx)}`, accept: 'application/json' } }];
    case 'postnord':
      // §2.1: the API key travels as a query parameter.
      return [`${base}/v5/trackandtrace/findByIdentifier.json?${new URLSearchParams({ apikey: ctx.config.apiKey ?? '', id: trackingNumber, locale: postnordTrackingLocale(locale) })}`, { headers: { accept: 'application/json' } }];
    case 'budbee':
      return [`${base}/api/v3/orders/${id}`, { headers: { authorization: `Bearer ${ctx.config.apiKey ?? ''}`, accept: 'application/json' } }];
    case 'bring':
      // §4.1: Tracking API v2 with the Mybring headers.
      return [`${base}/tracking.json?${new URLSearchParams({ q: trackingNumber, lang: bringTrackingLanguage(locale) })}`, { headers: { 'x-mybring-api-uid': ctx.config.apiUid ?? '', 'x-mybring-api-key': ctx.config.apiKey ?? '', accept: 'application/json' } }];
    case 'dhl':
      // §6: Unified Tracking, `DHL-API-Key` header; 404 = unknown shipment.
      return [`${base}/track/shipments?${new URLSearchParams({ trackingNumber })}`, { headers: { 'dhl-api-key': ctx.config.apiKey ?? '', accept: 'application/json' } }];
  }
}

async function pollPerParcel(ctx: Ctx, carrier: PerParcelCarrier, now: Date): Promise<void> {
  const parcels = await activeParcels(ctx.db, carrier, ctx.config, now, ctx.deps.maxParcels ?? 200, ctx.deps.shipmentIds);
  for (const parcel of parcels) {
    try {
      const [url, init] = await parcelRequest(ctx, carrier, parcel.tracking_number, parcel.locale);
      const res = await request(ctx, url, init);
      if (res.status === 404) ctx.result.notFound += 1;
      else if (res.status === 401 || res.status === 403) {
        postiTokens.clear();
        throw new CarrierHttpError(`HTTP ${res.status}: check the ${carrier} credentials`, 'client', res.status);
      } else if (res.status !== 200) ctx.result.errors.push(`${parcel.tracking_number}: HTTP ${res.status}`);
      else await keep(ctx, carrier, res.text);
      await markPolled(ctx.db, parcel.id, now);
    } catch (e) {
      if (!(e instanceof CarrierHttpError)) throw e;
      ctx.result.errors.push(`${parcel.tracking_number}: ${e.message}`);
      // Rate limited beyond what one run may wait, or the credentials are wrong: stop; the next run resumes.
      if (e.kind === 'rate_limited' || e.kind === 'client') {
        ctx.result.stoppedByRateLimit = e.kind === 'rate_limited';
        return;
      }
    }
  }
}

async function readCursor(db: Db, carrier: CarrierId): Promise<Date | null> {
  const [row] = await db.select({ value: settings.value }).from(settings).where(eq(settings.key, CURSOR_KEY));
  const value = (row?.value as Record<string, string> | undefined)?.[carrier];
  return value ? new Date(value) : null;
}

async function writeCursor(db: Db, carrier: CarrierId, at: Date): Promise<void> {
  const patch = JSON.stringify({ [carrier]: at.toISOString() });
  await db.execute(sql`
    insert into settings (key, value) values (${CURSOR_KEY}, ${patch}::jsonb)
    on conflict (key) do update set value = settings.value || excluded.value, updated_at = now()`);
}

/** Matkahuolto time-window mode: windows from the cursor up to now; a "range too large" answer halves the window. */
async function pollMatkahuolto(ctx: Ctx, now: Date): Promise<void> {
  const end = new Date(now.getTime() - 60_000); // events of the last minute may still be written
  let from = (await readCursor(ctx.db, 'matkahuolto')) ?? new Date(end.getTime() - MH_FIRST_LOOKBACK_HOURS * 3_600_000);
  let windowMs = MH_WINDOW_MINUTES * 60_000;
  const auth = `Basic ${Buffer.from(`${ctx.config.username ?? ''}:${ctx.config.password ?? ''}`).toString('base64')}`;
  while (from < end) {
    const to = new Date(Math.min(end.getTime(), from.getTime() + windowMs));
    const query = new URLSearchParams({ from: formatLocal(from, 'Europe/Helsinki'), to: formatLocal(to, 'Europe/Helsinki') });
    let res;
    try {
      res = await request(ctx, `${ctx.config.baseUrl}/public/tracking?${query}`, { headers: { authorization: auth, accept: 'application/json' } });
    } catch (e) {
      if (!(e instanceof CarrierHttpError)) throw e;
      ctx.result.errors.push(`${query.get('from')}–${query.get('to')}: ${e.message}`);
      ctx.result.stoppedByRateLimit = e.kind === 'rate_limited';
      return; // the cursor stays; the next run picks the window up again
    }
    // §3.1: 400/13 = time range too large.
    if (res.status === 400 && /\b13\b/.test(res.text) && windowMs > 60_000) {
      windowMs = Math.max(60_000, Math.floor(windowMs / 2));
      continue;
    }
    if (res.status !== 200) {
      ctx.result.errors.push(`${query.get('from')}–${query.get('to')}: HTTP ${res.status}`);
      return;
    }
    await keep(ctx, 'matkahuolto', res.text);
    await writeCursor(ctx.db, 'matkahuolto', to);
    from = to;
  }
}

export async function pollCarrier(db: Db, carrier: PolledCarrier, deps: PollDeps = {}): Promise<PollResult> {
  const result: PollResult = { carrier, requests: 0, stored: 0, duplicates: 0, notFound: 0, errors: [], stoppedByRateLimit: false };
  const config = await getCarrierConfig(db, carrier);
  if (!config.enabled) return result;
  // Without credentials there is nothing to ask (and no reason to knock on the carrier's door).
  const credentials = { posti: config.clientId, postnord: config.apiKey, matkahuolto: config.username, budbee: config.apiKey, bring: config.apiUid && config.apiKey, dhl: config.apiKey }[carrier];
  if (!credentials) {
    result.errors.push('not configured');
    return result;
  }
  const now = deps.now ?? new Date();
  const ctx: Ctx = { db, config, deps, result, throttle: rateLimiter(config.rateLimitPerMinute, deps.sleep) };
  if (carrier === 'matkahuolto') await pollMatkahuolto(ctx, now);
  else await pollPerParcel(ctx, carrier, now);
  return result;
}
