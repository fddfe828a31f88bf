import type { CarrierId } from '@/lib/core/enums';

/**
 * Shopify's `tracking_company` (a free text the merchant or the fulfilment app picks from Shopify's list of
 * supported carriers, e.g. "PostNord SE", "DHL Express", "Bring", "Posti") → our carrier id. Null when we do not
 * track that carrier: the fulfilment is skipped with a logged reason, not an error.
 */
const RULES: Array<[RegExp, CarrierId]> = [
  [/^postnord/, 'postnord'],
  [/^(posti|postifinland|itella)/, 'posti'],
  [/^(bring|postennorge|posten)/, 'bring'],
  [/^dhl/, 'dhl'],
  [/^matkahuolto/, 'matkahuolto'],
  [/^budbee/, 'budbee'],
  [/^(instabox|instabee)/, 'instabox'],
];

export function carrierFromTrackingCompany(company: string | null | undefined): CarrierId | null {
  const key = (company ?? '').toLowerCase().replace(/[^a-z0-9]+/g, '');
  if (!key) return null;
  return RULES.find(([pattern]) => pattern.test(key))?.[1] ?? null;
}
