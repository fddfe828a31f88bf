/**
 * Exchanges on the shop's platform (issue #15): the replacement order of an exchange whose original order came
 * from a Shopify or WooCommerce integration is created there, free of charge, naming the RMA and the original
 * order. Two steps, like every call out of the worker:
 * - `exchangeOrdersSubscriber` (on `exchange.created`) only writes a `pending` row per return (no network I/O in a
 *   subscriber); a replayed event finds the row there and writes nothing. Orders that did not come from a
 *   platform get no row: `exchange.created` is for the merchant's own system, as before.
 * - `createDueExchangeOrders` (the worker's loop) claims due rows (FOR UPDATE SKIP LOCKED, leased past the call's
 *   timeout), calls the platform, and settles each in one transaction with its audit event: `created` with the
 *   platform's id (`exchange.order_created`), or on a refusal — or after the last retry — `failed` with the
 *   platform's message (`exchange.order_failed`, "action needed" on the staff trail). Retries back off and the
 *   connectors look for the order an earlier attempt made before creating one, so a return never gets two.
 * The replacement's fulfilment fills the original order's pending parcel (`replacementOrderLink`).
 */
import { and, eq, sql } from 'drizzle-orm';
import type { Db, DbOrTx } from '@/db';
import { domainEvents, exchangePlatformOrders, orders, platformIntegrations, platformOrders, returnItems, returns, variants } from '@/db/schema';
import type { Actor } from '@/lib/core/actor';
import { recordEvent, type Subscriber } from '@/lib/core/events';
import type { ExchangeOrderInput, ExchangeOrderRef } from './exchange-order-input';
import { openIntegration } from './integrations';
import type { OpenIntegration, PlatformId, PlatformResult } from './platform';
import { createShopifyExchangeOrder } from './shopify/exchange-order';
import { createWooExchangeOrder } from './woocommerce/exchange-order';

const SYSTEM: Actor = { type: 'system' };

/** Seconds before the 2nd, 3rd, … attempt; after the last one the row fails and staff act. */
export const EXCHANGE_ORDER_RETRY_SECONDS = [30, 120, 600, 1800, 7200] as const;
const LEASE_MS = 60_000;

export type ExchangeOrderConnector = (integration: OpenIntegration, input: ExchangeOrderInput, signal?: AbortSignal) => Promise<PlatformResult<ExchangeOrderRef>>;
/** Platforms without one (Vendure) leave the replacement to the shop's own system, which hears `exchange.created`. */
export const EXCHANGE_ORDER_CONNECTORS: Partial<Record<PlatformId, ExchangeOrderConnector>> = { shopify: createShopifyExchangeOrder, woocommerce: createWooExchangeOrder };

export const exchangeOrdersSubscriber: Subscriber = {
  name: 'platforms.exchange_orders',
  types: ['exchange.created'],
  async handle(tx, event) {
    const data = event.data as { returnId: string; orderId: string };
    const [link] = await tx
      .select({ integrationId: platformOrders.integrationId, platform: platformIntegrations.platform })
      .from(platformOrders)
      .innerJoin(platformIntegrations, eq(platformIntegrations.id, platformOrders.integrationId))
      .where(eq(platformOrders.orderId, data.orderId));
    if (!link || !EXCHANGE_ORDER_CONNECTORS[link.platform as PlatformId]) return;
    await tx
      .insert(exchangePlatformOrders)
      .values({ returnId: data.returnId, orderId: data.orderId, integrationId: link.integrationId, eventId: event.eventId, nextAttemptAt: event.occurredAt })
      .onConflictDoNothing();
  },
};

type Claimed = { returnId: string; attempts: number; integration: OpenIntegration | null; input: ExchangeOrderInput | null; caseId: string | null; orderId: string; rma: string };

export type CreateExchangeOrdersResult = { created: number; retrying: number; failed: number };

/** Creates every replacement order that is due, one at a time; the worker runs it when woken and on a timer. */
export async function createDueExchangeOrders(
  db: Db,
  options: { now?: () => Date; connectors?: Partial<Record<PlatformId, ExchangeOrderConnector>>; retrySeconds?: readonly number[]; batch?: number } = {},
): Promise<CreateExchangeOrdersResult> {
  const total: CreateExchangeOrdersResult = { created: 0, retrying: 0, failed: 0 };
  for (let i = 0; i < (options.batch ?? 20); i++) {
    const now = options.now?.() ?? new Date();
    const claimed = await claimNext(db, now);
    if (!claimed) break;
    const connector = claimed.integration ? (options.connectors ?? EXCHANGE_ORDER_CONNECTORS)[claimed.integration.platform] : undefined;
    const result: PlatformResult<ExchangeOrderRef> =
      !claimed.integration || !connector
        ? { ok: false, retryable: false, message: 'The shop integration this order came from is gone or its secrets no longer open.' }
        : !claimed.input
          ? { ok: false, retryable: false, message: 'The exchange has no item with a SKU to order.' }
          : await connector(claimed.integration, claimed.input).catch((error: unknown) => ({ ok: false as const, retryable: true, message: error instanceof Error ? error.message : String(error) }));
    total[await settle(db, claimed, result, options.now?.() ?? new Date(), options.retrySeconds ?? EXCHANGE_ORDER_RETRY_SECONDS)] += 1;
  }
  return total;
}

async function claimNext(db: Db, now: Date): Promise<Claimed | null> {
  return db.transaction(async (tx) => {
    const [row] = await tx
      .select()
      .from(exchangePlatformOrders)
      .where(and(eq(exchangePlatformOrders.status, 'pending'), sql`${exchangePlatformOrders.nextAttemptAt} <= ${now.toISOString()}::timestamptz`))
      .orderBy(exchangePlatformOrders.nextAttemptAt)
      .limit(1)
      .for('update', { skipLocked: true });
    if (!row) return null;
    const attempts = row.attempts + 1;
    await tx
      .update(exchangePlatformOrders)
      .set({ attempts, nextAttemptAt: new Date(now.getTime() + LEASE_MS), updatedAt: now })
      .where(eq(exchangePlatformOrders.returnId, row.returnId));
    const [event] = await tx.select({ caseId: domainEvents.caseId }).from(domainEvents).where(eq(domainEvents.eventId, row.eventId));
    const [r] = await tx.select({ rma: returns.rmaNumber }).from(returns).where(eq(returns.id, row.returnId));
    return { returnId: row.returnId, attempts, orderId: row.orderId, rma: r?.rma ?? '', caseId: event?.caseId ?? null, integration: await openIntegration(tx, row.integrationId), input: await orderInput(tx, row.returnId, row.orderId) };
  });
}

/** The new items (the return's exchange variants, by SKU) and where they go (the original order's address). */
async function orderInput(tx: DbOrTx, returnId: string, orderId: string): Promise<ExchangeOrderInput | null> {
  const items = await exchangeItemsOf(tx, returnId);
  const [order] = await tx
    .select({ orderNumber: orders.orderNumber, currency: orders.currency, email: orders.email, name: orders.shippingName, line1: orders.shippingLine1, line2: orders.shippingLine2, postalCode: orders.shippingPostalCode, city: orders.shippingCity, country: orders.shippingCountry, externalId: platformOrders.externalId, rma: returns.rmaNumber })
    .from(orders)
    .innerJoin(platformOrders, eq(platformOrders.orderId, orders.id))
    .innerJoin(returns, eq(returns.id, returnId))
    .where(eq(orders.id, orderId));
  if (!order || items.length === 0) return null;
  return {
    rma: order.rma,
    originalOrderNumber: order.orderNumber,
    originalExternalId: order.externalId,
    currency: order.currency,
    email: order.email,
    items,
    shipTo: { name: order.name, line1: order.line1, line2: order.line2, postalCode: order.postalCode, city: order.city, country: order.country },
  };
}

async function settle(db: Db, claimed: Claimed, result: PlatformResult<ExchangeOrderRef>, now: Date, retrySeconds: readonly number[]): Promise<keyof CreateExchangeOrdersResult> {
  return db.transaction(async (tx) => {
    const where = and(eq(exchangePlatformOrders.returnId, claimed.returnId), eq(exchangePlatformOrders.status, 'pending'), eq(exchangePlatformOrders.attempts, claimed.attempts));
    const platform = claimed.integration?.platform ?? 'unknown';
    const facts = { returnId: claimed.returnId, orderId: claimed.orderId, rma: claimed.rma, platform };
    if (result.ok) {
      const moved = await tx
        .update(exchangePlatformOrders)
        .set({ status: 'created', externalId: result.value.id, externalName: result.value.name, adminUrl: result.value.adminUrl, lastError: null, nextAttemptAt: null, updatedAt: now })
        .where(where)
        .returning({ returnId: exchangePlatformOrders.returnId });
      if (moved.length > 0) {
        await recordEvent(tx, { actor: SYSTEM, type: 'exchange.order_created', caseId: claimed.caseId, data: { ...facts, externalId: result.value.id, externalName: result.value.name, adminUrl: result.value.adminUrl } });
      }
      return 'created';
    }
    const message = result.message.slice(0, 2000);
    const delay = result.retryable ? retrySeconds[claimed.attempts - 1] : undefined;
    if (delay !== undefined) {
      await tx.update(exchangePlatformOrders).set({ lastError: message, nextAttemptAt: new Date(now.getTime() + delay * 1000), updatedAt: now }).where(where);
      return 'retrying';
    }
    const moved = await tx.update(exchangePlatformOrders).set({ status: 'failed', lastError: message, nextAttemptAt: null, updatedAt: now }).where(where).returning({ returnId: exchangePlatformOrders.returnId });
    if (moved.length > 0) await recordEvent(tx, { actor: SYSTEM, type: 'exchange.order_failed', caseId: claimed.caseId, data: { ...facts, message: message.slice(0, 500), attempts: claimed.attempts } });
    return 'failed';
  });
}

/** The new items of a return's exchange, by SKU: what the replacement order holds and its fulfilment ships. */
export async function exchangeItemsOf(db: DbOrTx, returnId: string): Promise<Array<{ sku: string; quantity: number }>> {
  const rows = await db
    .select({ sku: variants.sku, quantity: sql<number>`sum(${returnItems.quantity})::int` })
    .from(returnItems)
    .innerJoin(variants, eq(variants.id, returnItems.exchangeVariantId))
    .where(and(eq(returnItems.returnId, returnId), eq(returnItems.resolution, 'exchange')))
    .groupBy(variants.sku)
    .orderBy(variants.sku);
  return rows.filter((r): r is { sku: string; quantity: number } => Boolean(r.sku) && r.quantity > 0);
}

/**
 * A platform order that is an exchange's replacement: the ORIGINAL order of ours whose pending parcel its
 * fulfilment fills (the fulfilment handlers look orders up by the platform's id; a replacement is not one of ours).
 */
export async function replacementOrderLink(db: DbOrTx, integrationId: string, externalId: string): Promise<{ orderId: string; returnId: string } | undefined> {
  const [row] = await db
    .select({ orderId: exchangePlatformOrders.orderId, returnId: exchangePlatformOrders.returnId })
    .from(exchangePlatformOrders)
    .where(and(eq(exchangePlatformOrders.integrationId, integrationId), eq(exchangePlatformOrders.externalId, externalId), eq(exchangePlatformOrders.status, 'created')));
  return row;
}
