/** What a platform connector needs to create an exchange's replacement order (lib/platforms/exchange-orders.ts). */
export type ExchangeOrderInput = {
  rma: string;
  /** The original order's number as the customer knows it (e.g. `#1001`). */
  originalOrderNumber: string;
  /** The original order's id on the platform (Shopify GID, WooCommerce id). */
  originalExternalId: string;
  currency: string;
  email: string;
  items: Array<{ sku: string; quantity: number }>;
  shipTo: { name: string; line1: string; line2: string | null; postalCode: string; city: string; country: string };
};

/** The replacement order as the platform holds it: its id, the name staff search for, and its admin page when known. */
export type ExchangeOrderRef = { id: string; name: string; adminUrl: string | null };

/** The note on the replacement order: it names the RMA and the original order for the shop's staff. */
export function exchangeOrderNote(input: Pick<ExchangeOrderInput, 'rma' | 'originalOrderNumber'>): string {
  return `Paluu exchange ${input.rma} for order ${input.originalOrderNumber}: free replacement, the customer pays nothing.`;
}

/** Splits "Matti Meikäläinen" into first and last name as platforms store them. */
export function splitName(name: string): { first: string; last: string } {
  const parts = name.trim().split(/\s+/);
  if (parts.length < 2) return { first: '', last: parts[0] ?? '' };
  return { first: parts.slice(0, -1).join(' '), last: parts.at(-1)! };
}
