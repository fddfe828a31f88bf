import { and, eq, isNull, sql } from 'drizzle-orm';
import { createTranslator } from 'use-intl/core';
import type { Db, DbOrTx } from '@/db';
import { staffUsers, webhookDeliveries, webhookEndpoints, type WebhookEndpointRow } from '@/db/schema';
import { recordEvent } from '@/lib/core/events';
import { loadMessages } from '@/lib/i18n/messages';
import { enqueueEmail } from '@/lib/outbox/enqueue-email';
import { plainBrand, renderEmail } from '@/lib/outbox/email-layout';
import { appUrl } from '@/lib/core/url';
import { readShopSettings } from '@/lib/settings/shop-settings';
import { postWebhook, SEND_TIMEOUT_MS } from './send';
import { signatureHeader, signingSecrets } from './signature';
import type { Lookup } from './url-guard';

/** NOTIFY channel: new delivery rows wake the dispatchers (migration *_webhook_deliveries_notify). */
export const WEBHOOKS_CHANNEL = 'paluu_webhook_deliveries';

/**
 * Seconds to wait after each failed attempt: 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h, 24 h, 24 h, 24 h — 11
 * attempts over about 4 days 4 hours; after the last the delivery is `failed` (an admin can send it again).
 */
export const RETRY_SCHEDULE_SECONDS = [5, 5 * 60, 30 * 60, 2 * 3600, 5 * 3600, 10 * 3600, 10 * 3600, 24 * 3600, 24 * 3600, 24 * 3600] as const;
export const MAX_ATTEMPTS = RETRY_SCHEDULE_SECONDS.length + 1;
/** An endpoint whose every attempt failed for this long is disabled and the admins are told. */
export const DISABLE_AFTER_FAILING_MS = 5 * 24 * 3600 * 1000;

export type DispatchOptions = {
  batch?: number;
  /** Sends in flight at once per dispatcher. */
  concurrency?: number;
  /** Per-request timeout (15 s; tests shorten it). The claim's lease is this plus 30 s. */
  timeoutMs?: number;
  /** How long a claim holds a row (default timeout + 30 s): after it a killed dispatcher's row is due again. */
  leaseMs?: number;
  lookup?: Lookup;
  now?: () => Date;
};
export type DispatchResult = { delivered: number; retried: number; failed: number };

type Claimed = {
  id: string;
  endpoint_id: string;
  webhook_id: string;
  event_type: string;
  body: string;
  attempts: number;
};

/**
 * Claims due deliveries (FOR UPDATE SKIP LOCKED: several dispatchers never take the same row) and leases them by
 * pushing `next_attempt_at` past the send timeout, then commits before any network I/O. A dispatcher killed
 * mid-send leaves the row pending; it is due again when the lease runs out and goes out under the same
 * `webhook-id` (receivers dedupe on it). Deliveries of disabled endpoints wait.
 */
async function claimDue(db: Db, batch: number, leaseMs: number): Promise<Claimed[]> {
  const rows = await db.execute<Claimed>(sql`
    with due as (
      select d.id from webhook_deliveries d
      join webhook_endpoints e on e.id = d.endpoint_id and e.enabled
      where d.status = 'pending' and d.next_attempt_at <= now()
      order by d.next_attempt_at
      limit ${batch}
      for update of d skip locked
    )
    update webhook_deliveries d
       set attempts = d.attempts + 1, last_attempt_at = now(), next_attempt_at = now() + make_interval(secs => ${leaseMs / 1000})
      from due where d.id = due.id
    returning d.id, d.endpoint_id, d.webhook_id, d.event_type, d.body, d.attempts`);
  return [...rows];
}

/** Sends what is due, `batch` at a time, until nothing is due. */
export async function dispatchWebhooks(db: Db, options: DispatchOptions = {}): Promise<DispatchResult> {
  const total: DispatchResult = { delivered: 0, retried: 0, failed: 0 };
  for (;;) {
    const pass = await dispatchWebhooksOnce(db, options);
    total.delivered += pass.delivered;
    total.retried += pass.retried;
    total.failed += pass.failed;
    if (pass.claimed < (options.batch ?? 200)) return total;
  }
}

export async function dispatchWebhooksOnce(db: Db, options: DispatchOptions = {}): Promise<DispatchResult & { claimed: number }> {
  const batch = options.batch ?? 200;
  const timeoutMs = options.timeoutMs ?? SEND_TIMEOUT_MS;
  const now = options.now ?? (() => new Date());
  const result = { delivered: 0, retried: 0, failed: 0, claimed: 0 };
  const claimed = await claimDue(db, batch, options.leaseMs ?? timeoutMs + 30_000);
  result.claimed = claimed.length;
  if (claimed.length === 0) return result;
  const endpointIds = [...new Set(claimed.map((c) => c.endpoint_id))];
  const endpoints = new Map<string, { row: WebhookEndpointRow; secrets: string[] }>();
  for (const id of endpointIds) {
    const [row] = await db.select().from(webhookEndpoints).where(eq(webhookEndpoints.id, id));
    if (row) endpoints.set(id, { row, secrets: await signingSecrets(db, row, now()) });
  }
  let next = 0;
  const worker = async () => {
    while (next < claimed.length) {
      const delivery = claimed[next++]!;
      const endpoint = endpoints.get(delivery.endpoint_id);
      if (!endpoint) continue; // deleted meanwhile: its deliveries went with it (cascade)
      const timestamp = Math.floor(now().getTime() / 1000);
      const outcome = await postWebhook({
        url: endpoint.row.url,
        body: delivery.body,
        timeoutMs,
        lookup: options.lookup,
        headers: {
          'webhook-id': delivery.webhook_id,
          'webhook-timestamp': String(timestamp),
          'webhook-signature': signatureHeader(endpoint.secrets, delivery.webhook_id, timestamp, delivery.body),
        },
      });
      const kind = await recordOutcome(db, delivery, endpoint.row, outcome, now());
      result[kind] += 1;
    }
  };
  await Promise.all(Array.from({ length: Math.min(options.concurrency ?? 32, claimed.length) }, worker));
  return result;
}

async function recordOutcome(
  db: Db,
  delivery: Claimed,
  endpoint: WebhookEndpointRow,
  outcome: { ok: boolean; statusCode: number | null; durationMs: number; error: string | null },
  now: Date,
): Promise<'delivered' | 'retried' | 'failed'> {
  const last = { lastStatusCode: outcome.statusCode, lastDurationMs: outcome.durationMs, lastError: outcome.error?.slice(0, 1000) ?? null };
  // `attempts` matches only while the row is still this dispatcher's claim.
  const mine = and(eq(webhookDeliveries.id, delivery.id), eq(webhookDeliveries.attempts, delivery.attempts));
  if (outcome.ok) {
    await db.update(webhookDeliveries).set({ ...last, status: 'delivered', deliveredAt: now }).where(mine);
    if (endpoint.failingSince) await db.update(webhookEndpoints).set({ failingSince: null }).where(eq(webhookEndpoints.id, endpoint.id));
    return 'delivered';
  }
  const giveUp = delivery.attempts >= MAX_ATTEMPTS;
  const wait = RETRY_SCHEDULE_SECONDS[Math.min(delivery.attempts, RETRY_SCHEDULE_SECONDS.length) - 1]!;
  await db.transaction(async (tx) => {
    await tx
      .update(webhookDeliveries)
      .set({ ...last, status: giveUp ? 'failed' : 'pending', nextAttemptAt: giveUp ? now : new Date(now.getTime() + wait * 1000) })
      .where(mine);
    const [state] = await tx
      .update(webhookEndpoints)
      .set({ failingSince: sql`coalesce(${webhookEndpoints.failingSince}, ${now.toISOString()}::timestamptz)` })
      .where(eq(webhookEndpoints.id, endpoint.id))
      .returning({ failingSince: webhookEndpoints.failingSince, enabled: webhookEndpoints.enabled });
    if (state?.enabled && state.failingSince && now.getTime() - state.failingSince.getTime() >= DISABLE_AFTER_FAILING_MS) {
      await disableFailingEndpoint(tx, endpoint, state.failingSince, now);
    }
  });
  return giveUp ? 'failed' : 'retried';
}

/** Disables an endpoint that failed for 5 days and emails every active admin (once: the update is conditional). */
async function disableFailingEndpoint(tx: DbOrTx, endpoint: WebhookEndpointRow, failingSince: Date, now: Date) {
  const [changed] = await tx
    .update(webhookEndpoints)
    .set({ enabled: false, disabledAt: now, disabledReason: 'failing' })
    .where(and(eq(webhookEndpoints.id, endpoint.id), eq(webhookEndpoints.enabled, true)))
    .returning({ id: webhookEndpoints.id });
  if (!changed) return;
  await recordEvent(tx, { actor: { type: 'system' }, type: 'webhook_endpoint.disabled', data: { endpointId: endpoint.id, url: endpoint.url, reason: 'failing', failingSince: failingSince.toISOString() } });
  const admins = await tx
    .select({ id: staffUsers.id, email: staffUsers.email, name: staffUsers.name, locale: staffUsers.locale })
    .from(staffUsers)
    .where(and(eq(staffUsers.role, 'admin'), isNull(staffUsers.disabledAt)));
  const shop = await readShopSettings(tx);
  const link = appUrl(`/staff/settings/webhooks/${endpoint.id}`);
  for (const admin of admins) {
    const t = createTranslator({ locale: admin.locale, messages: await loadMessages(admin.locale), namespace: 'webhooks.disabledEmail' });
    const values = { url: endpoint.url, shop: shop.name, since: failingSince.toISOString().slice(0, 16).replace('T', ' ') + ' UTC' };
    const heading = t('heading', values);
    const paragraphs = [t('body', values), t('advice', values)];
    const { html, text } = await renderEmail({
      locale: admin.locale,
      brand: plainBrand(shop.name),
      heading,
      blocks: [...paragraphs.map((paragraph) => ({ kind: 'text' as const, text: paragraph })), { kind: 'link', label: t('cta'), url: link }],
      footer: [t('footer', values)],
    });
    await enqueueEmail(tx, {
      kind: 'webhook_endpoint_disabled',
      dedupeKey: `webhook-disabled:${endpoint.id}:${now.getTime()}:${admin.id}`,
      locale: admin.locale,
      audience: 'staff',
      email: {
        to: admin.email,
        subject: t('subject', values),
        html,
        text,
      },
    });
  }
}
