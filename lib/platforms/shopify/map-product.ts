/**
 * Shopify products → PlatformProductFacts (lib/platforms/apply-variants.ts). Two shapes arrive: the webhook body of
 * products/create and products/update (the REST product: `variants[]` with `option1..3`, `inventory_item_id`,
 * `inventory_quantity`, prices as decimal strings) and the Admin GraphQL `Product` of the backfill
 * (`variants.nodes[]` with `selectedOptions`, `inventoryQuantity`, `inventoryItem { id tracked }`). Ids become GIDs
 * (the product key and the link), inventory items their number (inventory_levels/update sends the number).
 */
import { z } from 'zod';
import { UNCOUNTED_STOCK, type PlatformProductFacts, type PlatformVariantFacts } from '../apply-variants';
import { toMinor } from '../money';

const str = z.string().nullish();
const num = z.union([z.number(), z.string()]);
const gid = (kind: string, id: string | number) => (String(id).startsWith('gid://') ? String(id) : `gid://shopify/${kind}/${id}`);
const numberOf = (id: string | number) => String(id).split('/').pop()!;
const later = (a: Date, b: string | null | undefined) => {
  const other = b ? new Date(b) : null;
  return other && !Number.isNaN(other.getTime()) && other > a ? other : a;
};
const date = z.string().refine((s) => !Number.isNaN(Date.parse(s)), 'not a date');

/** Shopify's product without options has the single option "Title" with the value "Default Title": no option to show. */
function optionsOf(pairs: Array<{ name: string; value: string | null | undefined }>): Record<string, string> {
  const options: Record<string, string> = {};
  for (const { name, value } of pairs) {
    if (!value || (name === 'Title' && value === 'Default Title')) continue;
    options[name.slice(0, 50)] = value.slice(0, 100);
  }
  return options;
}

const restVariant = z.looseObject({
  id: num,
  admin_graphql_api_id: str,
  sku: str,
  price: num.nullish(),
  option1: str,
  option2: str,
  option3: str,
  inventory_item_id: num.nullish(),
  inventory_quantity: z.number().int().nullish(),
  inventory_management: str,
  updated_at: str,
  presentment_prices: z.array(z.looseObject({ price: z.looseObject({ currency_code: str }).nullish() })).nullish(),
});

/** The fields we read of a products/create or products/update body. */
export const restProductSchema = z.looseObject({
  id: num,
  admin_graphql_api_id: str,
  title: z.string(),
  updated_at: date,
  options: z.array(z.looseObject({ name: z.string(), position: z.number().int().nullish() })).nullish(),
  variants: z.array(restVariant),
});
export type RestProduct = z.infer<typeof restProductSchema>;

export function productFromRest(product: RestProduct): PlatformProductFacts {
  const productId = product.admin_graphql_api_id ?? gid('Product', product.id);
  const updatedAt = new Date(product.updated_at);
  // option1..3 follow the product's options by position.
  const names = [...(product.options ?? [])].sort((a, b) => (a.position ?? 0) - (b.position ?? 0)).map((o) => o.name);
  const variants = product.variants.map(
    (v): PlatformVariantFacts => ({
      externalId: v.admin_graphql_api_id ?? gid('ProductVariant', v.id),
      inventoryItemId: v.inventory_item_id == null ? null : numberOf(v.inventory_item_id),
      sku: v.sku ?? null,
      title: product.title,
      options: optionsOf([v.option1, v.option2, v.option3].map((value, i) => ({ name: names[i] ?? `Option ${i + 1}`, value }))),
      price: toMinor(v.price ?? 0),
      // `inventory_management` null: Shopify does not count this variant.
      stock: v.inventory_management ? (v.inventory_quantity ?? 0) : UNCOUNTED_STOCK,
      updatedAt: later(updatedAt, v.updated_at),
    }),
  );
  const currency = product.variants.flatMap((v) => v.presentment_prices ?? []).find((p) => p.price?.currency_code)?.price?.currency_code ?? null;
  return { externalProductId: productId, productKey: productId, currency, variants, complete: true };
}

/** products/delete carries the product's id only. */
export const deletedProductSchema = z.looseObject({ id: num });
export const deletedProductId = (id: string | number) => gid('Product', id);

/** inventory_levels/update: the InventoryLevel resource. */
export const inventoryLevelSchema = z.looseObject({ inventory_item_id: num, location_id: num, available: z.number().int().nullable(), updated_at: date });

const graphqlVariant = z.looseObject({
  id: z.string(),
  sku: str,
  price: num.nullish(),
  updatedAt: str,
  inventoryQuantity: z.number().int().nullish(),
  selectedOptions: z.array(z.looseObject({ name: z.string(), value: z.string() })),
  inventoryItem: z.looseObject({ id: z.string(), tracked: z.boolean().nullish() }).nullish(),
});

/** A backfilled Product node with exactly the fields backfill-products.ts asks for. */
export const graphqlProductSchema = z.looseObject({
  id: z.string(),
  title: z.string(),
  updatedAt: date,
  variants: z.looseObject({ pageInfo: z.looseObject({ hasNextPage: z.boolean() }), nodes: z.array(graphqlVariant) }),
});
export type GraphqlProduct = z.infer<typeof graphqlProductSchema>;

export function productFromGraphql(product: GraphqlProduct, currency: string | null): PlatformProductFacts {
  const updatedAt = new Date(product.updatedAt);
  const variants = product.variants.nodes.map(
    (v): PlatformVariantFacts => ({
      externalId: v.id,
      inventoryItemId: v.inventoryItem ? numberOf(v.inventoryItem.id) : null,
      sku: v.sku ?? null,
      title: product.title,
      options: optionsOf(v.selectedOptions),
      price: toMinor(v.price ?? 0),
      stock: v.inventoryItem?.tracked === false ? UNCOUNTED_STOCK : (v.inventoryQuantity ?? 0),
      updatedAt: later(updatedAt, v.updatedAt),
    }),
  );
  // More variants than one page holds: the ones not listed are not known to be gone.
  return { externalProductId: product.id, productKey: product.id, currency, variants, complete: !product.variants.pageInfo.hasNextPage };
}
