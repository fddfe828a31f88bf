/**
 * WooCommerce products → PlatformProductFacts (lib/platforms/apply-variants.ts). The webhook body of
 * product.created / product.updated is the REST v3 product (docs: "exactly the same as if requested via the REST
 * API"); a variable product lists only its variations' ids, so they are read through `products/{id}/variations`.
 * A simple product is one variant. Dates are `date_modified_gmt` (UTC without an offset).
 */
import { z } from 'zod';
import { UNCOUNTED_STOCK, type PlatformProductFacts, type PlatformVariantFacts } from '../apply-variants';
import { toMinor } from '../money';

const str = z.string().nullish();
const num = z.union([z.number(), z.string()]);
const gmt = z.string().refine((s) => !Number.isNaN(Date.parse(`${s}Z`)) || !Number.isNaN(Date.parse(s)), 'not a date');
const utc = (s: string) => (Number.isNaN(Date.parse(`${s}Z`)) ? new Date(s) : new Date(`${s}Z`));

const stockFields = {
  manage_stock: z.union([z.boolean(), z.literal('parent')]).nullish(),
  stock_quantity: z.number().int().nullish(),
  stock_status: str,
};

export const wooProductSchema = z.looseObject({
  id: z.number().int(),
  name: z.string(),
  type: z.string(),
  status: str,
  sku: str,
  price: num.nullish(),
  date_modified_gmt: gmt,
  ...stockFields,
  attributes: z.array(z.looseObject({ name: z.string(), options: z.array(z.string()).nullish(), variation: z.boolean().nullish() })).nullish(),
  variations: z.array(z.number().int()).nullish(),
});
export type WooProduct = z.infer<typeof wooProductSchema>;

export const wooVariationSchema = z.looseObject({
  id: z.number().int(),
  sku: str,
  price: num.nullish(),
  date_modified_gmt: gmt,
  ...stockFields,
  attributes: z.array(z.looseObject({ name: z.string(), option: z.string() })).nullish(),
});
export type WooVariation = z.infer<typeof wooVariationSchema>;

/** `product.deleted` carries the product's id. */
export const wooDeletedProductSchema = z.looseObject({ id: z.number().int() });

export const wooProductKey = (id: number) => `woocommerce/product/${id}`;

type Stock = { manage_stock?: boolean | 'parent' | null; stock_quantity?: number | null; stock_status?: string | null };

/** Counted stock when WooCommerce manages it; else "in stock" without a count, or none (out of stock, on backorder). */
function stockOf(item: Stock, parent: Stock): number {
  const own = item.manage_stock === 'parent' ? parent : item;
  if (own.manage_stock === true) return Math.max(0, own.stock_quantity ?? 0);
  return item.stock_status === 'instock' ? UNCOUNTED_STOCK : 0;
}

/** A simple product is its own single variant; a variable one has the variations read for it (`variations`). */
export function productFromWoo(product: WooProduct, variations: WooVariation[] | null): PlatformProductFacts {
  const updatedAt = utc(product.date_modified_gmt);
  const key = wooProductKey(product.id);
  const variants: PlatformVariantFacts[] = variations
    ? variations.map((v) => {
        const changed = utc(v.date_modified_gmt);
        return {
          externalId: String(v.id),
          inventoryItemId: null,
          sku: v.sku ?? null,
          title: product.name,
          options: Object.fromEntries((v.attributes ?? []).filter((a) => a.option).map((a) => [a.name.slice(0, 50), a.option.slice(0, 100)])),
          price: toMinor(v.price ?? 0),
          stock: stockOf(v, product),
          updatedAt: changed > updatedAt ? changed : updatedAt,
        };
      })
    : [{ externalId: String(product.id), inventoryItemId: null, sku: product.sku ?? null, title: product.name, options: {}, price: toMinor(product.price ?? 0), stock: stockOf(product, product), updatedAt }];
  return { externalProductId: key, productKey: key, currency: null, variants, complete: true };
}
