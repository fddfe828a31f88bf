import { boolean, index, jsonb, pgTable, primaryKey, uuid, varchar } from 'drizzle-orm/pg-core';
import { carrierEnum } from './enums';
import { instant } from './columns';
import { shipments } from './shipments';

/** When the carrier's tracking API was last asked about a parcel (pollers skip parcels asked recently). */
export const carrierPolls = pgTable(
  'carrier_polls',
  {
    shipmentId: uuid()
      .primaryKey()
      .references(() => shipments.id, { onDelete: 'cascade' }),
    polledAt: instant().notNull(),
  },
  (t) => [index('carrier_polls_polled_at_idx').on(t.polledAt)],
);

/**
 * Service points per carrier and postal code (issue #14): the carrier's answer, normalized
 * (lib/carriers/service-point.ts `ServicePoint[]`), kept 24 h; an older row is still shown when the carrier
 * cannot be reached. `demo` rows are the seed's invented points for the demo shop (never a carrier's data).
 */
export const servicePointCache = pgTable(
  'service_point_cache',
  {
    carrier: carrierEnum().notNull(),
    country: varchar({ length: 2 }).notNull(),
    postalCode: varchar({ length: 16 }).notNull(),
    points: jsonb().$type<unknown[]>().notNull(),
    demo: boolean().notNull().default(false),
    fetchedAt: instant().notNull(),
  },
  (t) => [primaryKey({ columns: [t.carrier, t.country, t.postalCode] })],
);
