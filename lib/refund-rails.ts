import type { RefundRail } from '@/lib/core/refund-rail';
import { bankTransferRail } from '@/lib/payouts/bank-transfer-rail';
import { shopifyRefundRail } from '@/lib/platforms/shopify/refund-rail';
import { wooRefundRail } from '@/lib/platforms/woocommerce/refund-rail';
import { PROVIDER_RAILS } from '@/lib/refunds/rails';

/**
 * Every rail a refund can go out on, in order: the first whose `claims()` is true carries it (chosen at the
 * first attempt, kept for retries). The shop's platform comes first: an order that came from Shopify or
 * WooCommerce is refunded there, with its lines restocked. Then a bank transfer for orders paid by invoice, BNPL or bank
 * transfer (a SEPA batch the finance user sends), the payment providers, and the demo rail last, the fallback.
 * It lives above the domains (like lib/event-subscribers.ts): platforms sit above orders and returns, and
 * the refund ledger below them must not import them.
 */
export const REFUND_RAILS: readonly RefundRail[] = [shopifyRefundRail, wooRefundRail, bankTransferRail, ...PROVIDER_RAILS];
