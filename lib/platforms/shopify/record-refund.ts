/**
 * refunds/create: a refund made on Shopify is recorded in the refund ledger once per Shopify refund id
 * (platform_refunds). One our own rail made (lib/platforms/shopify/refund-rail.ts) is already a ledger row with
 * that id as its provider reference: it is only linked, never counted twice. One made by staff in the Shopify
 * admin becomes a `succeeded` row on rail `shopify` (money already moved there, so the worker never executes it).
 * Known gap: a webhook that arrives while our own rail's attempt is still in flight (before its answer is
 * stored) is recorded as a second row; the refunds trigger still refuses it if it would exceed the captured amount.
 */
import { and, eq } from 'drizzle-orm';
import { z } from 'zod';
import { orders, platformOrders, platformRefunds, refunds } from '@/db/schema';
import type { Ctx } from '@/lib/core/actor';
import { recordEvent } from '@/lib/core/events';
import type { OpenIntegration, TopicOutcome } from '../platform';
import { refusal } from '../apply-order';
import { toMinor } from '../money';
import { orderGid } from './map-order';

const num = z.union([z.number(), z.string()]);
export const restRefundSchema = z.looseObject({
  id: num,
  admin_graphql_api_id: z.string().nullish(),
  order_id: num,
  note: z.string().nullish(),
  transactions: z.array(z.looseObject({ kind: z.string().nullish(), status: z.string().nullish(), amount: num, currency: z.string().nullish() })).default([]),
});

export const refundGid = (id: string | number) => `gid://shopify/Refund/${id}`;

export async function recordShopifyRefund(ctx: Ctx, integration: OpenIntegration, payload: unknown): Promise<TopicOutcome> {
  const parsed = restRefundSchema.safeParse(payload);
  if (!parsed.success) return { outcome: 'skipped', detail: 'the body is not a Shopify refund' };
  const r = parsed.data;
  const externalId = r.admin_graphql_api_id ?? refundGid(r.id);
  const [link] = await ctx.db
    .select({ orderId: platformOrders.orderId, currency: orders.currency })
    .from(platformOrders)
    .innerJoin(orders, eq(orders.id, platformOrders.orderId))
    .where(and(eq(platformOrders.integrationId, integration.id), eq(platformOrders.externalId, orderGid(r.order_id))));
  if (!link) return { outcome: 'retry', detail: `order ${r.order_id} has not arrived yet` };

  const moved = r.transactions.filter((t) => t.kind === 'refund' && t.status === 'success');
  const amount = moved.reduce((sum, t) => sum + toMinor(t.amount), 0);
  if (amount <= 0) return { outcome: 'skipped', detail: `refund ${r.id} moved no money (restock or note only)`, orderId: link.orderId };
  const currency = (moved[0]?.currency ?? link.currency).toUpperCase();
  if (currency !== link.currency) return { outcome: 'skipped', detail: `refund ${r.id} is in ${currency}, the order in ${link.currency}`, orderId: link.orderId };

  const [known] = await ctx.db
    .select({ refundId: platformRefunds.refundId })
    .from(platformRefunds)
    .where(and(eq(platformRefunds.integrationId, integration.id), eq(platformRefunds.externalId, externalId)));
  if (known) return { outcome: 'stale', detail: `refund ${r.id} is recorded already`, orderId: link.orderId };
  const [ours] = await ctx.db
    .select({ id: refunds.id })
    .from(refunds)
    .where(and(eq(refunds.rail, 'shopify'), eq(refunds.providerReference, externalId)));
  if (ours) {
    await ctx.db.insert(platformRefunds).values({ integrationId: integration.id, externalId, refundId: ours.id }).onConflictDoNothing();
    return { outcome: 'stale', detail: `refund ${r.id} was made by our refund rail`, orderId: link.orderId };
  }

  try {
    // A savepoint: the refunds trigger refuses a refund above the captured amount without aborting the delivery.
    return await ctx.db.transaction(async (tx) => {
      const [row] = await tx
        .insert(refunds)
        .values({
          orderId: link.orderId,
          amount,
          currency,
          reason: (r.note || 'Refunded on Shopify').slice(0, 1000),
          status: 'succeeded',
          rail: 'shopify',
          providerReference: externalId,
          settledAt: new Date(),
          nextAttemptAt: null,
        })
        .returning({ id: refunds.id });
      await tx.insert(platformRefunds).values({ integrationId: integration.id, externalId, refundId: row!.id });
      await recordEvent(tx, {
        actor: ctx.actor,
        type: 'refund.recorded',
        orderId: link.orderId,
        data: { refundId: row!.id, amount, currency, source: 'shopify', shop: integration.domain, externalId },
      });
      await recordEvent(tx, { type: 'refund.succeeded', actor: ctx.actor, data: { refundId: row!.id, orderId: link.orderId, amount, currency } });
      return { outcome: 'applied' as const, orderId: link.orderId };
    });
  } catch (error) {
    const refused = refusal(error);
    if (refused) return { outcome: 'skipped', detail: `refund ${r.id}: ${refused} (more than the captured amount?)`, orderId: link.orderId };
    throw error;
  }
}
