import { customType, timestamp, uuid } from 'drizzle-orm/pg-core';

/** Shared column helpers: every table gets a uuid key and UTC instants. */
export const id = () => uuid().primaryKey().defaultRandom();
export const createdAt = () => timestamp({ withTimezone: true }).defaultNow().notNull();
export const updatedAt = () =>
  timestamp({ withTimezone: true })
    .defaultNow()
    .notNull()
    .$onUpdate(() => new Date());
export const instant = () => timestamp({ withTimezone: true });

/** Raw bytes (uploaded photos, re-encoded, ≤ 1 MB). */
export const bytea = customType<{ data: Buffer; driverData: Buffer }>({
  dataType: () => 'bytea',
});
