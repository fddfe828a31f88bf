import type { PlatformCodeKind } from '@/lib/compensations/platform-code-target';

/** What a platform connector needs to create one of our codes on the shop's platform (./platform-codes.ts). */
export type PlatformCodeInput = {
  /** What the code is on the platform: a gift card (store credit), an amount off, or free shipping. */
  kind: PlatformCodeKind;
  /** Our code, the one in the customer's email: the platform gets the same string. */
  code: string;
  /** Minor units (0 for free shipping). */
  amount: number;
  currency: string;
  email: string;
  /** The order's id on the platform (Shopify GID, WooCommerce id): its customer, when the platform knows one. */
  orderExternalId: string;
  /** For the shop's staff: names the case or RMA and the order. */
  note: string;
};

/** The code as the platform holds it (Shopify gift card or discount GID, WooCommerce coupon id). */
export type PlatformCodeRef = { id: string };

/** The note on the gift card or coupon, and the discount's title: what it is for, by the RMA or case and the order. */
export function platformCodeNote(input: { rma: string | null; caseNumber: number | null; orderNumber: string }): string {
  const what = input.rma ? `return ${input.rma}` : input.caseNumber !== null ? `case ${input.caseNumber}` : 'goodwill';
  return `Paluu ${what}, order ${input.orderNumber}`;
}
