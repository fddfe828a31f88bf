import { sql } from 'drizzle-orm';
import { boolean, check, index, integer, jsonb, pgTable, text, uniqueIndex, uuid, varchar } from 'drizzle-orm/pg-core';
import { createdAt, id, instant, updatedAt } from './columns';
import { localeEnum } from './enums';

export type VariantOptions = Record<string, string>;

export const orders = pgTable(
  'orders',
  {
    id: id(),
    /** The shop's own order number as the customer sees it, without '#'. */
    orderNumber: varchar({ length: 64 }).notNull(),
    email: varchar({ length: 320 }).notNull(),
    customerName: varchar({ length: 200 }).notNull(),
    phone: varchar({ length: 40 }),
    locale: localeEnum().notNull().default('fi'),
    /** ISO 4217; every amount of the order is in its minor units. */
    currency: varchar({ length: 3 }).notNull(),
    /** ISO 3166-1 alpha-2 market the order was sold in (fees, windows). */
    market: varchar({ length: 2 }).notNull(),
    placedAt: instant().notNull(),
    shippingName: varchar({ length: 200 }).notNull(),
    shippingLine1: varchar({ length: 200 }).notNull(),
    shippingLine2: varchar({ length: 200 }),
    shippingPostalCode: varchar({ length: 16 }).notNull(),
    shippingCity: varchar({ length: 100 }).notNull(),
    shippingCountry: varchar({ length: 2 }).notNull(),
    paymentMethod: varchar({ length: 64 }),
    /** The order's id on the shop's commerce platform (Shopify GID, WooCommerce id) when it came from one. */
    externalId: varchar({ length: 100 }),
    /** Standard delivery cost paid; refunded on an EU withdrawal. */
    shippingAmount: integer().notNull().default(0),
    capturedAmount: integer().notNull().default(0),
    /** Kept by the refunds trigger; the CHECK makes over-refunding impossible. */
    refundedAmount: integer().notNull().default(0),
    canceledAt: instant(),
    /** The merchant's own modification time of the last applied PUT: older updates are ignored (API-05). */
    merchantUpdatedAt: instant(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('orders_order_number_key').on(t.orderNumber),
    // Customers type the number in any case; lookups and order pages match upper(order_number).
    index('orders_order_number_upper_idx').on(sql`upper(${t.orderNumber})`),
    // `KK 204131` and `204131` find `KK-204131` (lib/orders/queries.ts resolveOrderNumber).
    index('orders_order_number_compact_idx').on(sql`regexp_replace(upper(${t.orderNumber}), '[^A-Z0-9]+', '', 'g')`),
    index('orders_order_number_digits_idx').on(sql`regexp_replace(${t.orderNumber}, '[^0-9]+', '', 'g')`),
    index('orders_email_idx').on(sql`lower(${t.email})`),
    index('orders_placed_at_idx').on(t.placedAt),
    check('orders_amounts_non_negative', sql`${t.capturedAmount} >= 0 and ${t.shippingAmount} >= 0 and ${t.refundedAmount} >= 0`),
    check('orders_refunds_within_captured', sql`${t.refundedAmount} <= ${t.capturedAmount}`),
  ],
);

export const orderLines = pgTable(
  'order_lines',
  {
    id: id(),
    orderId: uuid()
      .notNull()
      .references(() => orders.id, { onDelete: 'cascade' }),
    position: integer().notNull().default(0),
    sku: varchar({ length: 100 }).notNull(),
    title: varchar({ length: 300 }).notNull(),
    variantOptions: jsonb().$type<VariantOptions>().notNull().default({}),
    imageUrl: text(),
    unitPrice: integer().notNull(),
    quantity: integer().notNull(),
    finalSale: boolean().notNull().default(false),
    /** The line's id on the shop's commerce platform, needed to refund or restock that line there. */
    externalId: varchar({ length: 100 }),
    fulfilledQuantity: integer().notNull().default(0),
    returnRequestedQuantity: integer().notNull().default(0),
    returnedQuantity: integer().notNull().default(0),
    writtenOffQuantity: integer().notNull().default(0),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('order_lines_order_id_idx').on(t.orderId),
    index('order_lines_sku_idx').on(t.sku),
    check('order_lines_quantity_positive', sql`${t.quantity} > 0`),
    check('order_lines_unit_price_non_negative', sql`${t.unitPrice} >= 0`),
    check(
      'order_lines_counters_non_negative',
      sql`${t.fulfilledQuantity} >= 0 and ${t.returnRequestedQuantity} >= 0 and ${t.returnedQuantity} >= 0 and ${t.writtenOffQuantity} >= 0`,
    ),
    check('order_lines_fulfilled_within_ordered', sql`${t.fulfilledQuantity} <= ${t.quantity}`),
    check('order_lines_returns_within_fulfilled', sql`${t.returnRequestedQuantity} + ${t.returnedQuantity} <= ${t.fulfilledQuantity}`),
    check('order_lines_written_off_within_ordered', sql`${t.writtenOffQuantity} <= ${t.quantity}`),
  ],
);

/** Catalogue variants, for exchanges. Stock can never go below zero. */
export const variants = pgTable(
  'variants',
  {
    id: id(),
    sku: varchar({ length: 100 }).notNull(),
    productKey: varchar({ length: 100 }).notNull(),
    title: varchar({ length: 300 }).notNull(),
    options: jsonb().$type<VariantOptions>().notNull().default({}),
    price: integer().notNull(),
    currency: varchar({ length: 3 }).notNull().default('EUR'),
    stock: integer().notNull().default(0),
    imageUrl: text(),
    /** The shop's platform deleted its product: kept for the returns that name it, never offered for an exchange. */
    discontinuedAt: instant(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('variants_sku_key').on(t.sku),
    index('variants_product_key_idx').on(t.productKey),
    check('variants_stock_non_negative', sql`${t.stock} >= 0`),
    check('variants_price_non_negative', sql`${t.price} >= 0`),
  ],
);

export type Order = typeof orders.$inferSelect;
export type NewOrder = typeof orders.$inferInsert;
export type OrderLine = typeof orderLines.$inferSelect;
export type NewOrderLine = typeof orderLines.$inferInsert;
export type Variant = typeof variants.$inferSelect;
