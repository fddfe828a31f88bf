/**
 * Product backfill through the Admin GraphQL API: `products(first, after)` with each product's
 * `variants(first: 100)` (SKU, price, `selectedOptions`, `inventoryQuantity`, `inventoryItem { id tracked }`) and the
 * shop's `currencyCode`, cursor-paginated (pageInfo.endCursor / hasNextPage). Ten products a page keeps the query's
 * cost (products × variants) under Shopify's 1 000-point limit for one query. Each product goes through the same
 * path as a products/update webhook, in its own transaction, so an older copy never overwrites a newer one.
 */
import type { Ctx } from '@/lib/core/actor';
import { applyPlatformProduct } from '../apply-variants';
import { backfillProduct, emptyProductBackfill } from '../backfill-products';
import { pageWithRetry } from '../backfill-orders';
import type { OpenIntegration, ProductBackfillResult } from '../platform';
import { shopifyGraphql } from './api';
import { graphqlProductSchema, productFromGraphql } from './map-product';

export const PRODUCT_PAGE_SIZE = 10;
/** 10 × 2 000 = 20 000 products per run at most. */
export const MAX_PRODUCT_PAGES = 2000;

export const PRODUCTS_QUERY = `query PaluuBackfillProducts($first: Int!, $after: String) {
  shop { currencyCode }
  products(first: $first, after: $after, sortKey: ID) {
    pageInfo { hasNextPage endCursor }
    nodes {
      id title updatedAt
      variants(first: 100) {
        pageInfo { hasNextPage }
        nodes { id sku price updatedAt inventoryQuantity selectedOptions { name value } inventoryItem { id tracked } }
      }
    }
  }
}`;

type ProductsPage = { shop: { currencyCode: string }; products: { pageInfo: { hasNextPage: boolean; endCursor: string | null }; nodes: unknown[] } };

export async function backfillShopifyProducts(
  ctx: Ctx,
  integration: OpenIntegration,
  signal?: AbortSignal,
  options: { pageSize?: number; retryDelayMs?: number } = {},
): Promise<ProductBackfillResult> {
  const result = emptyProductBackfill();
  let after: string | null = null;
  do {
    const data: ProductsPage = await pageWithRetry(
      () => shopifyGraphql<ProductsPage>(integration, PRODUCTS_QUERY, { first: options.pageSize ?? PRODUCT_PAGE_SIZE, after }, signal),
      signal,
      options.retryDelayMs ?? 1000,
    );
    result.pages += 1;
    for (const node of data.products.nodes) {
      await backfillProduct(ctx, integration, result, node, graphqlProductSchema, (tx, product) => applyPlatformProduct(tx, integration, productFromGraphql(product, data.shop.currencyCode)));
    }
    after = data.products.pageInfo.hasNextPage ? data.products.pageInfo.endCursor : null;
  } while (after && result.pages < MAX_PRODUCT_PAGES);
  return result;
}
