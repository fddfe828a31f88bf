import { and, eq, inArray } from 'drizzle-orm';
import type { DbOrTx } from '@/db';
import { compensationPlatformCodes, platformIntegrations, platformOrders } from '@/db/schema';

/** What each compensation kind with a code is on the shop's platform. */
/** What a code is on the shop's platform: a gift card (store credit), an amount off, or free shipping. */
export type PlatformCodeKind = 'gift_card' | 'discount' | 'free_shipping';

export const PLATFORM_CODE_KIND: Partial<Record<string, PlatformCodeKind>> = { store_credit: 'gift_card', gift_card: 'gift_card', discount_code: 'discount', free_shipping: 'free_shipping' };

/** The platforms whose connectors create codes (lib/platforms/platform-codes.ts); on others (Vendure) the code is ours. */
export const CODE_PLATFORMS = ['shopify', 'woocommerce'] as const;
export type CodePlatform = (typeof CODE_PLATFORMS)[number];

/** The Shopify or WooCommerce integration an order came from, or null for an order whose codes are ours. */
export async function platformOfOrder(db: DbOrTx, orderId: string): Promise<{ integrationId: string; platform: string } | null> {
  const [row] = await db
    .select({ integrationId: platformOrders.integrationId, platform: platformIntegrations.platform })
    .from(platformOrders)
    .innerJoin(platformIntegrations, eq(platformIntegrations.id, platformOrders.integrationId))
    .where(and(eq(platformOrders.orderId, orderId), inArray(platformIntegrations.platform, [...CODE_PLATFORMS])))
    .limit(1);
  return row ?? null;
}

/**
 * Whether a compensation's code may be shown to the customer: always for an order of our own; for a platform order
 * only once the platform has the code (lib/platforms/platform-codes.ts), never a code that does not work there.
 */
export async function codeUsableByCustomer(db: DbOrTx, compensation: { id: string; orderId: string; kind: string }): Promise<boolean> {
  if (!PLATFORM_CODE_KIND[compensation.kind]) return true;
  if (!(await platformOfOrder(db, compensation.orderId))) return true;
  const [row] = await db.select({ status: compensationPlatformCodes.status }).from(compensationPlatformCodes).where(eq(compensationPlatformCodes.compensationId, compensation.id));
  return row?.status === 'created';
}
