/**
 * One platform order (a webhook or a backfilled order of any connector) → our order, through
 * lib/orders/upsert-order (the merchant API's use case: same validation, counters, audit row and
 * `order.upserted` event; an update whose `updated_at` is not newer than the one applied changes nothing).
 * Runs inside the caller's transaction; every step that can fail runs in its own savepoint.
 */
import { and, eq, isNull } from 'drizzle-orm';
import { orders, platformOrders } from '@/db/schema';
import type { Ctx } from '@/lib/core/actor';
import { orderNumberIs } from '@/lib/core/order-number';
import { recordEvent } from '@/lib/core/events';
import { errorStatus, isAppError } from '@/lib/core/errors';
import { pgErrorOf } from '@/lib/core/pg-error';
import { upsertOrder } from '@/lib/orders/upsert-order';
import type { MappedOrder } from './map-order';
import type { OpenIntegration, TopicOutcome } from './platform';

export type OrderOutcome = TopicOutcome & { created?: boolean };

/** `label` names the order in skip reasons (Shopify `#1001`, WooCommerce `727`). */
export async function applyPlatformOrder(ctx: Ctx, integration: OpenIntegration, mapped: MappedOrder, label: string): Promise<OrderOutcome> {
  if (!mapped.ok) return { outcome: 'skipped', detail: mapped.reason };
  const { input, cancelledAt } = mapped;

  // An order number already taken by an order that did not come from this shop is never overwritten.
  const [existing] = await ctx.db
    .select({ id: orders.id, externalId: orders.externalId, integrationId: platformOrders.integrationId })
    .from(orders)
    .leftJoin(platformOrders, eq(platformOrders.orderId, orders.id))
    .where(orderNumberIs(input.orderNumber))
    .limit(1);
  if (existing && (existing.externalId !== input.externalId || existing.integrationId !== integration.id)) {
    return { outcome: 'skipped', detail: `order number ${input.orderNumber} already belongs to an order that did not come from ${integration.domain}` };
  }

  let result: { orderId: string; created: boolean; stale: boolean };
  try {
    result = await upsertOrder(ctx, input);
  } catch (error) {
    const refused = refusal(error);
    if (refused) return { outcome: 'skipped', detail: `order ${label}: ${refused}` };
    throw error;
  }
  await ctx.db
    .insert(platformOrders)
    .values({ orderId: result.orderId, integrationId: integration.id, externalId: input.externalId })
    .onConflictDoNothing();
  // A cancellation is final on every platform we read, so even a stale copy applies it: Vendure stamps the copies
  // read during its cancel request with one time, and the live-looking one may be applied first. The rest of a
  // stale copy is ignored.
  if (cancelledAt) await cancelPlatformOrder(ctx, integration, { orderId: result.orderId, orderNumber: input.orderNumber, canceledAt: cancelledAt });
  if (result.stale) return { outcome: 'stale', orderId: result.orderId, detail: 'an update at least as new was applied before' };
  return { outcome: 'applied', orderId: result.orderId, created: result.created };
}

/** Marks the order canceled on the platform's word, with an audit row; false when it was canceled already. */
export async function cancelPlatformOrder(ctx: Ctx, integration: OpenIntegration, order: { orderId: string; orderNumber: string; canceledAt: Date; reason?: string }): Promise<boolean> {
  const [canceled] = await ctx.db
    .update(orders)
    .set({ canceledAt: order.canceledAt })
    .where(and(eq(orders.id, order.orderId), isNull(orders.canceledAt)))
    .returning({ id: orders.id });
  if (!canceled) return false;
  await recordEvent(ctx.db, {
    actor: ctx.actor,
    type: 'order.canceled',
    orderId: order.orderId,
    data: { orderNumber: order.orderNumber, source: integration.platform, shop: integration.domain, canceledAt: order.canceledAt.toISOString(), ...(order.reason ? { reason: order.reason } : {}) },
  });
  return true;
}

/** A domain refusal (4xx AppError) or a data error (PostgreSQL class 22/23): the input's fault, skipped with the reason. */
export function refusal(error: unknown): string | null {
  if (isAppError(error) && errorStatus[error.code] < 500 && error.code !== 'conflict') return error.message;
  const code = pgErrorOf(error)?.code;
  if (code && (code.startsWith('22') || code.startsWith('23'))) return `the data was refused (${code})`;
  return null;
}
