/**
 * Pure status derivation: a parcel's state is a function of the *set* of its events, never of the
 * order they arrived in. Duplicates, replays and late deliveries of old events therefore cannot move
 * a parcel backwards (DESIGN.md "Normalized shipment statuses"; security checklist WH-08).
 */
import type { shipmentStatusEnum } from '../../db/schema/enums';
import type { PickupPoint } from '../../db/schema/shipments';

export type DerivableStatus = (typeof shipmentStatusEnum.enumValues)[number];

export type DerivableEvent = {
  status: DerivableStatus;
  subStatus?: string | null;
  occurredAt: Date;
  /** Tie-breaker for events at the same instant (stable across arrival orders). */
  dedupeKey: string;
  pickupPoint?: PickupPoint | null;
  pickupDeadline?: string | null;
  carrierEta?: string | null;
  /** A code the adapter's table does not know: shown on the timeline, but it only moves a parcel that has no real scan yet. */
  unmappedCode?: boolean;
};

export type DerivedShipment = {
  status: DerivableStatus;
  subStatus: string | null;
  firstScanAt: Date | null;
  lastEventAt: Date | null;
  deliveredAt: Date | null;
  pickupPoint: PickupPoint | null;
  pickupDeadline: string | null;
  carrierEta: string | null;
};

/** Terminal: the parcel's journey is over; later non-terminal scans (carrier noise, re-sorts) do not reopen it. */
export const TERMINAL_STATUSES: ReadonlySet<DerivableStatus> = new Set(['delivered', 'returned_to_sender', 'canceled']);

/** Progress rank, used only to order events that share one timestamp (a deterministic, forward-leaning tie-break). */
const RANK: Record<DerivableStatus, number> = {
  info_received: 0,
  in_transit: 1,
  exception: 2,
  failed_attempt: 3,
  out_for_delivery: 4,
  available_for_pickup: 5,
  returned_to_sender: 6,
  delivered: 7,
  canceled: 8,
};

/** Timeline order: occurrence time, then progress rank, then dedupe key — a total order independent of arrival. */
export function compareEvents(a: DerivableEvent, b: DerivableEvent): number {
  return a.occurredAt.getTime() - b.occurredAt.getTime() || RANK[a.status] - RANK[b.status] || (a.dedupeKey < b.dedupeKey ? -1 : a.dedupeKey > b.dedupeKey ? 1 : 0);
}

/**
 * The shipment's state from all of its events.
 * - Events are replayed in occurrence order; arrival order and duplicates do not matter.
 * - A terminal status (delivered, returned_to_sender, canceled) is only replaced by a later terminal status
 *   (delivered → returned_to_sender happens when a pickup-point "delivery" is later sent back); a late
 *   `in_transit` scan after delivery does not un-deliver the parcel.
 * - `info_received` (electronic pre-advice) never replaces a physical scan, whenever it is dated.
 * - Otherwise the latest event wins: failed_attempt → out_for_delivery → delivered, exception → in_transit, …
 * With no events the parcel is `fallback` (info_received for a freshly created shipment).
 */
export function deriveShipmentState(events: readonly DerivableEvent[], fallback: DerivableStatus = 'info_received'): DerivedShipment {
  const sorted = [...events].sort(compareEvents);
  let current: DerivableEvent | null = null;
  let firstScanAt: Date | null = null;
  let deliveredAt: Date | null = null;
  let pickupPoint: PickupPoint | null = null;
  let pickupDeadline: string | null = null;
  let carrierEta: string | null = null;

  for (const event of sorted) {
    if (event.status !== 'info_received' && firstScanAt === null) firstScanAt = event.occurredAt;
    if (event.pickupPoint) pickupPoint = event.pickupPoint;
    if (event.pickupDeadline) pickupDeadline = event.pickupDeadline;
    if (event.carrierEta) carrierEta = event.carrierEta;
    if (current === null) {
      current = event;
    } else if (event.unmappedCode) {
      if (current.status === 'info_received' && event.status !== 'info_received') current = event;
    } else if (TERMINAL_STATUSES.has(current.status)) {
      if (TERMINAL_STATUSES.has(event.status) && event.status !== current.status) current = event;
    } else if (event.status !== 'info_received' || current.status === 'info_received') {
      current = event;
    }
    if (current === event) deliveredAt = event.status === 'delivered' ? (deliveredAt ?? event.occurredAt) : null;
  }

  const status = current?.status ?? fallback;
  return {
    status,
    subStatus: status === 'exception' ? (current?.subStatus ?? 'other') : null,
    firstScanAt,
    lastEventAt: sorted.length > 0 ? sorted[sorted.length - 1]!.occurredAt : null,
    deliveredAt: status === 'delivered' ? deliveredAt : null,
    pickupPoint,
    pickupDeadline,
    carrierEta,
  };
}
