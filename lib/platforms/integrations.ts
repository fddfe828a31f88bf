/**
 * Stored platform integrations: add, list, remove, open. Credentials and the webhook secret are sealed with the
 * app secret (AES-256-GCM, lib/core/secret-box, purpose `platform-secret`), exactly like carrier secrets
 * (lib/carriers/config.ts); views never carry them. No `server-only`: the CLI and the worker use it.
 */
import { and, asc, eq, sql } from 'drizzle-orm';
import type { DbOrTx } from '@/db';
import { platformIntegrations, platformOrders, type PlatformIntegration } from '@/db/schema';
import type { Ctx } from '@/lib/core/actor';
import { authorize } from '@/lib/core/authorize';
import { openSecret, sealSecret } from '@/lib/core/secret-box';
import { isUniqueViolation } from '@/lib/core/pg-error';
import { recordEvent } from '@/lib/core/events';
import { AppError } from '@/lib/errors';
import { readAppSecret } from '@/lib/settings/read-app-secret';
import type { OpenIntegration, PlatformId } from './platform';
import { addShopifySchema, addVendureSchema, addWooSchema, wooDomainFromUrl, type AddShopifyInput, type AddVendureInput, type AddWooInput } from './schemas';

const SEAL_PURPOSE = 'platform-secret';

/** What pages and the CLI show: no secret, only whether one is stored. */
export type IntegrationView = {
  id: string;
  platform: PlatformId;
  domain: string;
  displayName: string;
  createdAt: Date;
  updatedAt: Date;
  lastBackfillAt: Date | null;
  lastBackfillResult: Record<string, unknown> | null;
};

/** Staff need `settings.manage`; the CLI and the worker act as `system`. */
function mayManage(ctx: Ctx): void {
  if (ctx.actor.type !== 'system') authorize(ctx.actor, 'settings.manage');
}

function view(row: PlatformIntegration): IntegrationView {
  return {
    id: row.id,
    platform: row.platform as PlatformId,
    domain: row.domain,
    displayName: row.displayName,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    lastBackfillAt: row.lastBackfillAt,
    lastBackfillResult: row.lastBackfillResult ?? null,
  };
}

export async function addShopifyIntegration(ctx: Ctx, raw: AddShopifyInput): Promise<IntegrationView> {
  mayManage(ctx);
  const input = addShopifySchema.parse(raw);
  const credentials = { accessToken: input.accessToken, ...(input.apiOrigin ? { apiOrigin: input.apiOrigin } : {}) };
  return insertIntegration(ctx, {
    platform: 'shopify',
    domain: input.shopDomain,
    credentials,
    webhookSecret: input.webhookSecret,
    taken: new AppError('conflict', `The shop ${input.shopDomain} is already connected.`, { details: { fields: { shopDomain: ['shopDomainTaken'] } } }),
  });
}

/**
 * A WooCommerce store: the REST API key (consumer key and secret, read/write) and the webhooks' secret, sealed.
 * The stored domain is the site URL's host and path, which `X-WC-Webhook-Source` names on every delivery.
 */
export async function addWooIntegration(ctx: Ctx, raw: AddWooInput): Promise<IntegrationView> {
  mayManage(ctx);
  const input = addWooSchema.parse(raw);
  const domain = wooDomainFromUrl(input.url);
  const credentials = { url: input.url, consumerKey: input.consumerKey, consumerSecret: input.consumerSecret, ...(input.apiOrigin ? { apiOrigin: input.apiOrigin } : {}) };
  return insertIntegration(ctx, {
    platform: 'woocommerce',
    domain,
    credentials,
    webhookSecret: input.webhookSecret,
    taken: new AppError('conflict', `The store ${domain} is already connected.`, { details: { fields: { url: ['siteUrlTaken'] } } }),
  });
}

/** A Vendure server: the Admin API key and the Paluu plugin's webhook secret, sealed; the domain is the URL's host and path (`X-Vendure-Shop`). */
export async function addVendureIntegration(ctx: Ctx, raw: AddVendureInput): Promise<IntegrationView> {
  mayManage(ctx);
  const input = addVendureSchema.parse(raw);
  const domain = wooDomainFromUrl(input.url);
  return insertIntegration(ctx, {
    platform: 'vendure',
    domain,
    credentials: { url: input.url, token: input.token, ...(input.apiOrigin ? { apiOrigin: input.apiOrigin } : {}) },
    webhookSecret: input.webhookSecret,
    taken: new AppError('conflict', `The Vendure shop ${domain} is already connected.`, { details: { fields: { url: ['siteUrlTaken'] } } }),
  });
}

/** Seals the secrets and stores the integration with its audit row; `taken` is thrown when the domain is connected already. */
async function insertIntegration(
  ctx: Ctx,
  add: { platform: PlatformId; domain: string; credentials: Record<string, string>; webhookSecret: string; taken: AppError },
): Promise<IntegrationView> {
  const appSecret = await readAppSecret(ctx.db);
  try {
    return await ctx.db.transaction(async (tx) => {
      const [row] = await tx
        .insert(platformIntegrations)
        .values({
          platform: add.platform,
          domain: add.domain,
          displayName: add.domain,
          credentialsSealed: sealSecret(JSON.stringify(add.credentials), appSecret, SEAL_PURPOSE),
          webhookSecretSealed: sealSecret(add.webhookSecret, appSecret, SEAL_PURPOSE),
        })
        .returning();
      await recordEvent(tx, { actor: ctx.actor, type: 'integration.added', data: { integrationId: row!.id, platform: add.platform, domain: add.domain } });
      return view(row!);
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw add.taken;
    throw error;
  }
}

export async function listIntegrations(db: DbOrTx): Promise<IntegrationView[]> {
  const rows = await db.select().from(platformIntegrations).orderBy(asc(platformIntegrations.createdAt));
  return rows.map(view);
}

export async function removeIntegration(ctx: Ctx, id: string): Promise<void> {
  mayManage(ctx);
  if (!/^[0-9a-f-]{36}$/i.test(id)) throw new AppError('not_found', 'No such integration.');
  await ctx.db.transaction(async (tx) => {
    const [row] = await tx.delete(platformIntegrations).where(eq(platformIntegrations.id, id)).returning({ id: platformIntegrations.id, domain: platformIntegrations.domain, platform: platformIntegrations.platform });
    if (!row) throw new AppError('not_found', 'No such integration.');
    await recordEvent(tx, { actor: ctx.actor, type: 'integration.removed', data: { integrationId: row.id, platform: row.platform, domain: row.domain } });
  });
}

function open(row: PlatformIntegration, appSecret: Buffer): OpenIntegration {
  return {
    id: row.id,
    platform: row.platform as PlatformId,
    domain: row.domain,
    displayName: row.displayName,
    credentials: JSON.parse(openSecret(row.credentialsSealed, appSecret, SEAL_PURPOSE)) as Record<string, string>,
    webhookSecret: openSecret(row.webhookSecretSealed, appSecret, SEAL_PURPOSE),
  };
}

/** The integration with its secrets opened; null when there is none or its secrets no longer open (APP_SECRET changed). */
export async function openIntegration(db: DbOrTx, id: string): Promise<OpenIntegration | null> {
  if (!/^[0-9a-f-]{36}$/i.test(id)) return null;
  const [row] = await db.select().from(platformIntegrations).where(eq(platformIntegrations.id, id));
  return row ? openOrNull(row, await readAppSecret(db)) : null;
}

export async function openIntegrationByDomain(db: DbOrTx, platform: PlatformId, domain: string): Promise<OpenIntegration | null> {
  const [row] = await db
    .select()
    .from(platformIntegrations)
    .where(and(eq(platformIntegrations.platform, platform), eq(sql`lower(${platformIntegrations.domain})`, domain.trim().toLowerCase())));
  return row ? openOrNull(row, await readAppSecret(db)) : null;
}

function openOrNull(row: PlatformIntegration, appSecret: Buffer): OpenIntegration | null {
  try {
    return open(row, appSecret);
  } catch {
    console.warn(`[platforms] the secrets of integration ${row.id} (${row.domain}) cannot be opened with this APP_SECRET; add it again`);
    return null;
  }
}

/** Which integration of `platform` an order of ours came from, and the order's id there; undefined when none. */
export async function platformOrderLink(db: DbOrTx, platform: PlatformId, orderId: string): Promise<{ integrationId: string; externalId: string } | undefined> {
  const [link] = await db
    .select({ integrationId: platformOrders.integrationId, externalId: platformOrders.externalId })
    .from(platformOrders)
    .innerJoin(platformIntegrations, eq(platformIntegrations.id, platformOrders.integrationId))
    .where(and(eq(platformOrders.orderId, orderId), eq(platformIntegrations.platform, platform)));
  return link;
}

export async function recordBackfill(db: DbOrTx, id: string, result: Record<string, unknown>): Promise<void> {
  await db.update(platformIntegrations).set({ lastBackfillAt: new Date(), lastBackfillResult: result }).where(eq(platformIntegrations.id, id));
}
