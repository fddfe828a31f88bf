import { type Carrier, carrierCatalog } from '@/lib/carriers/catalog';
import { addCalendarDays } from '@/lib/time/holidays';
import { todayIn } from '@/lib/time/today';

/**
 * The last day to collect when the carrier's data names none (Posti's and DHL's often do not): the
 * shop-local day the parcel became ready plus the carrier's published holding period (carriers.md §7.2).
 * A deadline the carrier gives always wins over this.
 */
export function estimatedPickupDeadline(carrier: Carrier, readyAt: Date, timeZone: string): string {
  return addCalendarDays(todayIn(timeZone, readyAt), carrierCatalog[carrier].holdingDays);
}
