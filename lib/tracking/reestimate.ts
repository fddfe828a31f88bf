/**
 * The delivery date a customer sees: the best estimate that is still ahead, never one already past.
 * First the carrier's ETA, then our learned prediction, then the shop's promise — the first of them
 * that is today or later. When all of them have passed (a late parcel), the date is predicted again
 * from the current scan: the business days a parcel in that state still needs, counted from the day
 * of its latest event, and never before today. Pure (no database), so the page, the live poll and the
 * tests agree.
 */
import { carrierCatalog, type Carrier } from '@/lib/carriers/catalog';
import type { ShipmentStatus } from '@/lib/core/enums';
import { addBusinessDays, type HolidayCountry } from '@/lib/time/holidays';
import { dateIn } from '@/lib/time/zoned';

export type EstimateInput = {
  carrier: Carrier;
  status: ShipmentStatus;
  subStatus: string | null;
  carrierEta: string | null;
  predictedDate: string | null;
  promisedDate: string | null;
  deliveredAt: string | null;
  /** The newest event's instant (the current scan), if any. */
  lastScanAt: string | null;
  shippedAt: string | null;
};

export type Estimate = { date: string; source: 'carrier' | 'predicted' | 'promised' | 'rescan' } | null;

/**
 * Business days a parcel in this state still needs after its current scan, or null when no honest
 * date can be given (already at the pickup point, delivered, damaged or lost, on its way back).
 * Customs: 3 business days after the hold (Posten gives 14 days to send documents, most holds clear
 * within days once they arrive; research/carriers.md §4.4) — an assumption, not a carrier figure.
 */
export function remainingBusinessDays(input: Pick<EstimateInput, 'carrier' | 'status' | 'subStatus'>): number | null {
  switch (input.status) {
    case 'info_received':
      return carrierCatalog[input.carrier].transitBusinessDays.typical;
    case 'in_transit':
    case 'failed_attempt':
      return 1;
    case 'out_for_delivery':
      return 0;
    case 'exception':
      if (input.subStatus === 'damaged' || input.subStatus === 'lost') return null;
      return input.subStatus === 'customs' ? 3 : 2;
    default:
      return null;
  }
}

export function deliveryEstimate(
  input: EstimateInput,
  today: string,
  calendar: { timeZone: string; holidayCountry: HolidayCountry } = { timeZone: 'Europe/Helsinki', holidayCountry: 'FI' },
): Estimate {
  if (input.deliveredAt || input.status === 'delivered' || input.status === 'canceled' || input.status === 'returned_to_sender') return null;
  const ahead = (date: string | null) => date !== null && date >= today;
  if (ahead(input.carrierEta)) return { date: input.carrierEta!, source: 'carrier' };
  if (ahead(input.predictedDate)) return { date: input.predictedDate!, source: 'predicted' };
  if (ahead(input.promisedDate)) return { date: input.promisedDate!, source: 'promised' };
  const days = remainingBusinessDays(input);
  const scannedAt = input.lastScanAt ?? input.shippedAt;
  if (days === null || !scannedAt) return null;
  const fromScan = addBusinessDays(dateIn(new Date(scannedAt), calendar.timeZone), days, calendar.holidayCountry);
  // Never a date already past: the scan is old, so the earliest honest day is the next business day (today when out for delivery).
  const date = fromScan >= today ? fromScan : days === 0 ? today : addBusinessDays(today, 1, calendar.holidayCountry);
  return { date, source: 'rescan' };
}
