import { index, pgTable, uniqueIndex, uuid, varchar } from 'drizzle-orm/pg-core';
import { createdAt, id, instant } from './columns';
import { orders } from './orders';

/**
 * One-time sign-in links ("Email me a link" on the lookup page): sent to the email address on the
 * order, valid 30 minutes, redeemed once by a POST (a GET only shows a button: mail scanners open
 * links). Only the SHA-256 of the token is kept.
 */
export const orderAccessLinks = pgTable(
  'order_access_links',
  {
    id: id(),
    tokenHash: varchar({ length: 64 }).notNull(),
    orderId: uuid()
      .notNull()
      .references(() => orders.id, { onDelete: 'cascade' }),
    expiresAt: instant().notNull(),
    usedAt: instant(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('order_access_links_token_hash_key').on(t.tokenHash), index('order_access_links_order_id_idx').on(t.orderId)],
);
