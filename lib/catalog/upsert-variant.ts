import 'server-only';
import { sql } from 'drizzle-orm';
import { variants } from '@/db/schema';
import type { Ctx } from '@/lib/core/actor';
import { recordEvent } from '@/lib/core/events';
import type { UpsertVariantInput } from './schemas';

/**
 * Creates or replaces a catalogue variant (exchanges read stock from here). A variant upserted again is offered
 * again, even if its platform had deleted it before. `currency` and `source` (the platform it came from, for the
 * audit row) are set by platform connectors only; the merchant API leaves the currency as it was.
 */
export async function upsertVariant(
  ctx: Ctx,
  input: UpsertVariantInput & { sku: string; currency?: string; source?: string },
): Promise<{ id: string; created: boolean; variant: UpsertVariantInput & { sku: string; updatedAt: string } }> {
  return ctx.db.transaction(async (tx) => {
    const values = { productKey: input.productKey, title: input.title, options: input.options, price: input.price, stock: input.stock };
    const set = { ...values, discontinuedAt: null, ...(input.currency ? { currency: input.currency } : {}) };
    const [row] = await tx
      .insert(variants)
      .values({ sku: input.sku, ...set })
      .onConflictDoUpdate({ target: variants.sku, set: { ...set, updatedAt: sql`now()` } })
      .returning({ id: variants.id, updatedAt: variants.updatedAt, created: sql<boolean>`(xmax = 0)` });
    await recordEvent(tx, {
      actor: ctx.actor,
      type: 'variant.upserted',
      data: { variantId: row!.id, sku: input.sku, created: row!.created, stock: input.stock, ...(input.source ? { source: input.source } : {}) },
    });
    return { id: row!.id, created: row!.created, variant: { sku: input.sku, ...values, updatedAt: row!.updatedAt.toISOString() } };
  });
}
