// Placeholder for contract C4 (owner: carriers). The carriers engineer's file replaces this at merge.
import type { DbOrTx } from '@/db';
import { carrierCatalog } from '@/lib/carriers/catalog';
import { addBusinessDays, toHolidayCountry } from '@/lib/time/holidays';
import { DEFAULT_SHOP_TIME_ZONE, todayIn } from '@/lib/time/today';
import type { CarrierId } from './ingest-events';

/** Predicted local delivery date 'YYYY-MM-DD'. Placeholder: the catalog's standard transit days via addBusinessDays. */
export async function predictDeliveryDate(
  _db: DbOrTx,
  input: { carrier: CarrierId; service?: string | null; postalCode: string; country: string; shippedAt: Date },
): Promise<string | null> {
  const shippedOn = todayIn(DEFAULT_SHOP_TIME_ZONE, input.shippedAt);
  return addBusinessDays(shippedOn, carrierCatalog[input.carrier].transitBusinessDays.typical, toHolidayCountry(input.country));
}
