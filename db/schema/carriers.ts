import { index, pgTable, uuid } from 'drizzle-orm/pg-core';
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
