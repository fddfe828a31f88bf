/**
 * Products and stock from a shop's platform → our catalogue (the variants exchanges offer), for every connector's
 * product webhooks and product backfill. Variants are keyed by SKU (order lines name them by SKU) through
 * lib/catalog/upsert-variant (same row, audit row and `variant.upserted` event as the merchant API), and linked to
 * the platform's ids in `platform_variants`. A copy whose platform `updated_at` is not newer than the one applied
 * changes nothing; a deleted product's variants keep their rows (returns name them) but get stock 0 and
 * `discontinued_at`, so no exchange offers them. Runs inside the caller's transaction.
 */
import { and, desc, eq, inArray, isNull, notInArray, type SQLWrapper } from 'drizzle-orm';
import { orders, platformOrders, platformVariants, variants } from '@/db/schema';
import type { Ctx } from '@/lib/core/actor';
import { recordEvent } from '@/lib/core/events';
import { upsertVariant } from '@/lib/catalog/upsert-variant';
import { upsertVariantSchema } from '@/lib/catalog/schemas';
import type { OpenIntegration, TopicOutcome } from './platform';

/** The stock we give a variant whose shop does not count it (Shopify untracked inventory, WooCommerce without stock management, in stock). */
export const UNCOUNTED_STOCK = 1000;

export type PlatformVariantFacts = {
  externalId: string;
  /** Shopify's inventory item (inventory_levels/update names only that); null elsewhere. */
  inventoryItemId: string | null;
  sku: string | null;
  title: string;
  options: Record<string, string>;
  /** Minor units. */
  price: number;
  stock: number;
  /** The platform's last change of this variant (the later of the product's and the variant's `updated_at`). */
  updatedAt: Date;
};

export type PlatformProductFacts = {
  externalProductId: string;
  /** Variants with the same key are exchangeable for each other. */
  productKey: string;
  /** The shop's currency when the source says it; else the currency of the shop's latest order, else the variant's own. */
  currency: string | null;
  variants: PlatformVariantFacts[];
  /** Every variant the product has is listed (a variant missing from a complete list was deleted on the platform). */
  complete: boolean;
};

export type ProductCounts = { variants: number; created: number; updated: number; stale: number; skipped: number; discontinued: number };
export type ProductOutcome = TopicOutcome & { counts: ProductCounts };

const emptyCounts = (): ProductCounts => ({ variants: 0, created: 0, updated: 0, stale: 0, skipped: 0, discontinued: 0 });

/** The currency of the latest order that came from this integration (platform product payloads carry none). */
async function shopCurrency(ctx: Ctx, integrationId: string): Promise<string | null> {
  const [row] = await ctx.db
    .select({ currency: orders.currency })
    .from(platformOrders)
    .innerJoin(orders, eq(orders.id, platformOrders.orderId))
    .where(eq(platformOrders.integrationId, integrationId))
    .orderBy(desc(orders.placedAt))
    .limit(1);
  return row?.currency ?? null;
}

const stockOf = (levels: Record<string, { available: number }>) => Object.values(levels).reduce((sum, level) => sum + Math.max(0, level.available), 0);

/** One product as the platform holds it now: each variant upserted unless stale; variants the product no longer has are discontinued. */
export async function applyPlatformProduct(ctx: Ctx, integration: OpenIntegration, product: PlatformProductFacts): Promise<ProductOutcome> {
  const counts = emptyCounts();
  const reasons: string[] = [];
  const currency = product.currency ?? (await shopCurrency(ctx, integration.id));
  const seen: string[] = [];
  for (const facts of product.variants) {
    counts.variants += 1;
    seen.push(facts.externalId);
    const sku = facts.sku?.trim() ?? '';
    if (!sku) {
      counts.skipped += 1;
      reasons.push(`variant ${facts.externalId} has no SKU`);
      continue;
    }
    const [link] = await ctx.db.select().from(platformVariants).where(and(eq(platformVariants.integrationId, integration.id), eq(platformVariants.externalId, facts.externalId))).limit(1);
    if (link && link.platformUpdatedAt >= facts.updatedAt) {
      counts.stale += 1;
      continue;
    }
    const [bySku] = await ctx.db
      .select({ id: variants.id, integrationId: platformVariants.integrationId })
      .from(variants)
      .leftJoin(platformVariants, eq(platformVariants.variantId, variants.id))
      .where(eq(variants.sku, sku))
      .limit(1);
    if (bySku?.integrationId && bySku.integrationId !== integration.id) {
      counts.skipped += 1;
      reasons.push(`SKU ${sku} already belongs to another shop's variant`);
      continue;
    }
    // Shopify's per-location levels, once known, are newer than a product payload's total.
    const levels = link?.variantId === bySku?.id ? (link?.inventoryLevels ?? {}) : {};
    const input = upsertVariantSchema.safeParse({
      productKey: product.productKey.slice(0, 100),
      title: facts.title.trim().slice(0, 300) || sku,
      options: facts.options,
      price: facts.price,
      stock: Object.keys(levels).length > 0 ? stockOf(levels) : Math.max(0, facts.stock),
    });
    if (!input.success) {
      counts.skipped += 1;
      reasons.push(`variant ${sku}: ${input.error.issues[0]?.path.join('.')} is not acceptable`);
      continue;
    }
    const { id: variantId, created } = await upsertVariant(ctx, { ...input.data, sku, ...(currency ? { currency } : {}), source: integration.platform });
    counts[created ? 'created' : 'updated'] += 1;
    // The platform variant changed its SKU: the old row loses the link and is no longer offered (it stays for the
    // returns naming it).
    if (link && link.variantId !== variantId) {
      await ctx.db.delete(platformVariants).where(eq(platformVariants.variantId, link.variantId));
      await withdraw(ctx, integration, [link.variantId]);
    }
    const linkValues = {
      integrationId: integration.id,
      externalProductId: product.externalProductId,
      externalId: facts.externalId,
      inventoryItemId: facts.inventoryItemId,
      platformUpdatedAt: facts.updatedAt,
      inventoryLevels: levels,
    };
    await ctx.db.insert(platformVariants).values({ variantId, ...linkValues }).onConflictDoUpdate({ target: platformVariants.variantId, set: linkValues });
  }
  if (counts.stale === 0 && product.complete) counts.discontinued = await discontinue(ctx, integration, product.externalProductId, seen);
  const applied = counts.created + counts.updated + counts.discontinued;
  return {
    outcome: applied > 0 ? 'applied' : counts.stale > 0 ? 'stale' : 'skipped',
    counts,
    ...(reasons.length ? { detail: `product ${product.externalProductId}: ${reasons.join('; ')}` } : counts.stale > 0 && applied === 0 ? { detail: 'an update at least as new was applied before' } : {}),
  };
}

/** The product was deleted on the platform: its variants are no longer offered. */
export async function discontinuePlatformProduct(ctx: Ctx, integration: OpenIntegration, externalProductId: string): Promise<ProductOutcome> {
  const counts = emptyCounts();
  counts.discontinued = await discontinue(ctx, integration, externalProductId, []);
  if (counts.discontinued === 0) return { outcome: 'skipped', detail: `product ${externalProductId} has no variants here`, counts };
  return { outcome: 'applied', counts };
}

/** The product's linked variants not in `keep` are withdrawn. */
async function discontinue(ctx: Ctx, integration: OpenIntegration, externalProductId: string, keep: string[]): Promise<number> {
  const linked = ctx.db
    .select({ id: platformVariants.variantId })
    .from(platformVariants)
    .where(
      and(
        eq(platformVariants.integrationId, integration.id),
        eq(platformVariants.externalProductId, externalProductId),
        keep.length ? notInArray(platformVariants.externalId, keep) : undefined,
      ),
    );
  return withdraw(ctx, integration, linked);
}

/** Stock 0 and `discontinued_at` for the variants not withdrawn yet; one audit row each. */
async function withdraw(ctx: Ctx, integration: OpenIntegration, ids: string[] | SQLWrapper): Promise<number> {
  const gone = await ctx.db
    .update(variants)
    .set({ stock: 0, discontinuedAt: new Date() })
    .where(and(inArray(variants.id, ids), isNull(variants.discontinuedAt)))
    .returning({ id: variants.id, sku: variants.sku });
  for (const variant of gone) {
    await recordEvent(ctx.db, {
      actor: ctx.actor,
      type: 'variant.upserted',
      data: { variantId: variant.id, sku: variant.sku, created: false, stock: 0, discontinued: true, source: integration.platform },
    });
  }
  return gone.length;
}

export type InventoryLevelFacts = { inventoryItemId: string; locationId: string; available: number; updatedAt: Date };

/** Shopify `inventory_levels/update`: one location's available quantity; the variant's stock is the sum over its locations. */
export async function applyInventoryLevel(ctx: Ctx, integration: OpenIntegration, level: InventoryLevelFacts): Promise<TopicOutcome> {
  const [link] = await ctx.db
    .select({ variantId: platformVariants.variantId, levels: platformVariants.inventoryLevels, sku: variants.sku, discontinuedAt: variants.discontinuedAt })
    .from(platformVariants)
    .innerJoin(variants, eq(variants.id, platformVariants.variantId))
    .where(and(eq(platformVariants.integrationId, integration.id), eq(platformVariants.inventoryItemId, level.inventoryItemId)))
    .limit(1);
  if (!link) return { outcome: 'skipped', detail: `inventory item ${level.inventoryItemId} is no variant known here (its product arrives by products/create or the product backfill)` };
  const known = link.levels[level.locationId];
  if (known && new Date(known.updatedAt) >= level.updatedAt) return { outcome: 'stale', detail: 'a level at least as new was applied before' };
  const levels = { ...link.levels, [level.locationId]: { available: level.available, updatedAt: level.updatedAt.toISOString() } };
  // A discontinued variant stays at 0 whatever its warehouse still holds.
  const stock = link.discontinuedAt ? 0 : Math.min(stockOf(levels), 2_147_483_647);
  await ctx.db.update(platformVariants).set({ inventoryLevels: levels }).where(eq(platformVariants.variantId, link.variantId));
  await ctx.db.update(variants).set({ stock }).where(eq(variants.id, link.variantId));
  await recordEvent(ctx.db, { actor: ctx.actor, type: 'variant.upserted', data: { variantId: link.variantId, sku: link.sku, created: false, stock, source: integration.platform } });
  return { outcome: 'applied' };
}
