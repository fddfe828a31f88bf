/**
 * Each carrier's own event codes → normalized status (DESIGN.md), from research/carriers.md §1.2, §2.2,
 * §3.2, §4.2, §5, §6 and §10. One table per carrier; adapters and `mapCarrierCode` both read these.
 * `info: true` marks codes that carry no status of their own ("no change" in the research): they take
 * the status of the parcel's previous event.
 */
import type { CarrierId, ExceptionSubStatus, ShipmentStatus } from '@/lib/tracking/ingest-events';

export type CodeEntry = { status: ShipmentStatus; subStatus?: ExceptionSubStatus; info?: true };

const s = (status: ShipmentStatus, subStatus?: ExceptionSubStatus): CodeEntry => (subStatus ? { status, subStatus } : { status });
const info: CodeEntry = { status: 'in_transit', info: true };

export const carrierCodes: Record<CarrierId, Record<string, CodeEntry>> = {
  // §1.2: Posti IFTSTA codes as exposed by Nextshipping/Pakettikauppa.
  posti: {
    '68': s('info_received'),
    '13': s('in_transit'),
    '31': s('in_transit'),
    '48': s('in_transit'),
    '99': s('in_transit'),
    '91': s('in_transit'),
    '71': s('out_for_delivery'),
    '45': s('available_for_pickup'),
    '56': s('failed_attempt'),
    '22': s('delivered'),
    '77': s('returned_to_sender'),
    '20': s('exception', 'other'),
    '38': info, // COD paid to sender
  },
  // §2.2: PostNord ItemStatus; numeric event code 113 is the only out-for-delivery signal.
  postnord: {
    CREATED: s('info_received'),
    INFORMED: s('info_received'),
    EN_ROUTE: s('in_transit'),
    DELAYED: s('in_transit'),
    EXPECTED_DELAY: s('in_transit'),
    '113': s('out_for_delivery'),
    AVAILABLE_FOR_DELIVERY: s('available_for_pickup'),
    AVAILABLE_FOR_DELIVERY_PAR_LOC: s('available_for_pickup'),
    DELIVERY_IMPOSSIBLE: s('failed_attempt'),
    DELIVERY_REFUSED: s('exception', 'other'),
    DELIVERED: s('delivered'),
    RETURNED: s('returned_to_sender'),
    STOPPED: s('exception', 'other'),
    OTHER: info,
  },
  // §3.2: Matkahuolto tracking event codes.
  matkahuolto: {
    '02': s('info_received'),
    '08': s('in_transit'),
    '10': s('in_transit'),
    '12': s('in_transit'),
    '15': s('in_transit'),
    '25': s('in_transit'),
    '35': s('in_transit'),
    '40': s('in_transit'),
    '41': s('in_transit'),
    '45': s('out_for_delivery'),
    '46': s('in_transit'),
    '47': s('in_transit'),
    '48': s('in_transit'),
    '50': s('available_for_pickup'),
    '55': s('available_for_pickup'),
    '56': s('available_for_pickup'),
    '57': s('available_for_pickup'),
    '60': s('delivered'),
    '61': s('delivered'),
    '62': s('exception', 'other'),
    '65': info, // COD paid to sender
    '70': s('returned_to_sender'),
    '97': s('failed_attempt'),
    '104': s('exception', 'other'),
  },
  // §4.2: Bring Tracking API / Event Cast share the vocabulary. DELIVERY_CANCELLED is a cancelled
  // home-delivery booking, not a cancelled shipment.
  bring: {
    PRE_NOTIFIED: s('info_received'),
    HANDED_IN: s('in_transit'),
    COLLECTED: s('in_transit'),
    IN_TRANSIT: s('in_transit'),
    TERMINAL: s('in_transit'),
    INTERNATIONAL: s('in_transit'),
    CUSTOMS: s('in_transit'),
    DELIVERY_ORDERED: info,
    DELIVERY_CHANGED: info,
    DELIVERY_CANCELLED: info,
    NOTIFICATION_SENT: info,
    TRANSPORT_TO_RECIPIENT: s('out_for_delivery'),
    READY_FOR_PICKUP: s('available_for_pickup'),
    ATTEMPTED_DELIVERY: s('failed_attempt'),
    DELIVERED: s('delivered'),
    RETURN: s('returned_to_sender'),
    DELIVERED_SENDER: s('returned_to_sender'),
    DEVIATION: s('exception', 'other'),
    UNKNOWN: info,
  },
  // §5: Budbee home deliveries. Locker (BOX) orders override some codes below.
  budbee: {
    NotStarted: s('info_received'),
    Pending: s('info_received'),
    OnRouteCollection: s('in_transit'),
    Collected: s('in_transit'),
    CollectedShippingLabel: s('in_transit'),
    CrossDocked: s('in_transit'),
    DroppedOff: s('in_transit'),
    ReturnedToTerminal: s('in_transit'),
    OnRouteDelivery: s('out_for_delivery'),
    Delivered: s('delivered'),
    PickedUp: s('delivered'),
    Miss: s('failed_attempt'),
    Backordered: s('exception', 'other'),
    Undelivered: s('exception', 'other'),
    ReturnedToMerchant: s('returned_to_sender'),
  },
  // §6: DHL Unified statusCode; the adapter refines transit/failure from the description.
  dhl: {
    'pre-transit': s('info_received'),
    transit: s('in_transit'),
    delivered: s('delivered'),
    failure: s('exception', 'other'),
    unknown: info,
  },
};

/** §5 trap: in a Budbee Box "Delivered" means the parcel is in the locker; "PickedUp" is the delivery. */
export const budbeeBoxCodes: Record<string, CodeEntry> = {
  Delivered: s('available_for_pickup'),
  Undelivered: s('exception', 'other'),
};

/** An unknown code never claims progress it cannot prove: shown as the carrier's text while in transit. */
export const SAFE_UNKNOWN_STATUS: ShipmentStatus = 'in_transit';

export function lookupCode(carrier: CarrierId, code: string, options: { box?: boolean } = {}): CodeEntry | undefined {
  if (carrier === 'budbee' && options.box && Object.hasOwn(budbeeBoxCodes, code)) return budbeeBoxCodes[code];
  const table = carrierCodes[carrier];
  return Object.hasOwn(table, code) ? table[code] : undefined;
}
