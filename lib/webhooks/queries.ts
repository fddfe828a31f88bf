import { and, desc, eq, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '@/db';
import { webhookDeliveries, webhookEndpoints, type WebhookEndpointRow } from '@/db/schema';
import type { Actor } from '@/lib/core/actor';
import { AppError } from '@/lib/errors';
import type { WebhookEndpointDto } from './schemas';

const iso = (d: Date | null) => d?.toISOString() ?? null;

export function toEndpointDto(row: WebhookEndpointRow): WebhookEndpointDto {
  return {
    id: row.id,
    url: row.url,
    events: row.events,
    description: row.description,
    enabled: row.enabled,
    disabledAt: iso(row.disabledAt),
    disabledReason: (row.disabledReason as WebhookEndpointDto['disabledReason']) ?? null,
    failingSince: iso(row.failingSince),
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

/**
 * Who may see which endpoint: an API key its own (another key's are "not found"), an admin every one, anyone
 * else none. Returns the filter, or throws `forbidden`.
 */
export function endpointsVisibleTo(actor: Actor): SQL | undefined {
  if (actor.type === 'merchant_api') return eq(webhookEndpoints.createdByApiKeyId, actor.apiKeyId);
  if (actor.type === 'staff' && actor.role === 'admin') return undefined;
  if (actor.type === 'system') return undefined;
  throw new AppError('forbidden');
}

export async function findEndpoint(db: DbOrTx, actor: Actor, id: string, lock = false): Promise<WebhookEndpointRow> {
  const visible = endpointsVisibleTo(actor);
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id)) throw new AppError('not_found', 'Webhook endpoint not found.');
  const query = db.select().from(webhookEndpoints).where(and(eq(webhookEndpoints.id, id), visible));
  const [row] = lock ? await query.for('update') : await query;
  if (!row) throw new AppError('not_found', 'Webhook endpoint not found.');
  return row;
}

export async function listWebhookEndpoints(ctx: { db: DbOrTx; actor: Actor }): Promise<WebhookEndpointDto[]> {
  const rows = await ctx.db.select().from(webhookEndpoints).where(endpointsVisibleTo(ctx.actor)).orderBy(webhookEndpoints.createdAt, webhookEndpoints.id);
  return rows.map(toEndpointDto);
}

export async function getWebhookEndpoint(ctx: { db: DbOrTx; actor: Actor }, id: string): Promise<WebhookEndpointDto> {
  return toEndpointDto(await findEndpoint(ctx.db, ctx.actor, id));
}

export const DELIVERY_LOG_SIZE = 50;

/** The newest deliveries of one endpoint (admin log): type, status, code, duration, attempts, time. */
export async function listWebhookDeliveries(ctx: { db: DbOrTx; actor: Actor }, endpointId: string) {
  await findEndpoint(ctx.db, ctx.actor, endpointId);
  const rows = await ctx.db
    .select({
      id: webhookDeliveries.id,
      webhookId: webhookDeliveries.webhookId,
      eventType: webhookDeliveries.eventType,
      status: webhookDeliveries.status,
      attempts: webhookDeliveries.attempts,
      lastStatusCode: webhookDeliveries.lastStatusCode,
      lastDurationMs: webhookDeliveries.lastDurationMs,
      lastError: webhookDeliveries.lastError,
      lastAttemptAt: webhookDeliveries.lastAttemptAt,
      nextAttemptAt: webhookDeliveries.nextAttemptAt,
      createdAt: webhookDeliveries.createdAt,
    })
    .from(webhookDeliveries)
    .where(eq(webhookDeliveries.endpointId, endpointId))
    .orderBy(desc(webhookDeliveries.createdAt), desc(webhookDeliveries.id))
    .limit(DELIVERY_LOG_SIZE);
  return rows.map((r) => ({ ...r, lastAttemptAt: iso(r.lastAttemptAt), nextAttemptAt: r.nextAttemptAt.toISOString(), createdAt: r.createdAt.toISOString() }));
}

