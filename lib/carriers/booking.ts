/**
 * Booking a parcel with a carrier (issue #14): the types every `lib/carriers/<carrier>/booking.ts` implements. A
 * return parcel (customer → shop) and, where the client offers `bookOutbound`, a parcel the shop sends (an
 * exchange's new item, a reship: shop → customer). A booking yields the carrier's own tracking number and label
 * (never one Paluu drew), and the label-free code where the carrier offers one. Without the carrier's credentials
 * nothing is booked: a return gets a SPECIMEN label (lib/returns/issue-return-label.ts), an outbound parcel is not
 * offered for booking (lib/shipments/book-pending-parcel.ts).
 */
import type { CarrierConfig } from './config';

/**
 * The prefix of every locally drawn (not carrier-booked) return label's id, `SPECIMEN-<RMA>`: no carrier numbers its
 * parcels like this, so no detector takes it for a carrier's number and no poller asks a carrier about it.
 */
export const SPECIMEN_PREFIX = 'SPECIMEN-';

export type BookingParty = {
  name: string;
  line1: string;
  line2?: string | null;
  postalCode: string;
  city: string;
  /** ISO 3166-1 alpha-2. */
  country: string;
  email?: string | null;
  phone?: string | null;
};

/** One parcel from `sender` to `recipient`, whichever way it goes. */
export type ShipmentBookingRequest = {
  /** Our reference printed on the label and kept by the carrier: the RMA number (a reship: the order number). */
  reference: string;
  sender: BookingParty;
  recipient: BookingParty;
  /** What the parcel holds (one line, as on a waybill). */
  contents: string;
  /** The parcel's weight when known; carriers require one, so a default is sent otherwise. */
  weightKg?: number;
};

/** A return parcel: `sender` is the customer, who hands the parcel in; `recipient` the shop's return address. */
/** The customer as a booking party: the order's shipping address, email and phone. */
export function customerParty(order: { shippingName: string; shippingLine1: string; shippingLine2: string | null; shippingPostalCode: string; shippingCity: string; shippingCountry: string; email: string; phone: string | null }): BookingParty {
  return { name: order.shippingName, line1: order.shippingLine1, line2: order.shippingLine2, postalCode: order.shippingPostalCode, city: order.shippingCity, country: order.shippingCountry, email: order.email, phone: order.phone };
}

/**
 * The shop as a booking party: its return (warehouse) address with the support email and phone. Some carriers (DHL
 * Express) require a phone number for both parties.
 */
export function shopParty(address: { name: string; line1: string; line2?: string | null; postalCode: string; city: string; country: string }, shop: { supportEmail?: string | null; supportPhone?: string | null }): BookingParty {
  return { name: address.name, line1: address.line1, line2: address.line2 ?? null, postalCode: address.postalCode, city: address.city, country: address.country, email: shop.supportEmail ?? null, phone: shop.supportPhone ?? null };
}

export type ReturnBookingRequest = ShipmentBookingRequest & {
  /** Ask for the carrier's label-free code (Posti's and Matkahuolto's code, PostNord/Bring QR). */
  printerless: boolean;
};

/**
 * A parcel the shop sends (an exchange's new item, a reship): `sender` is the shop (its return/warehouse address,
 * support email and phone), `recipient` the customer at the order's shipping address. Booked with the carrier's
 * ordinary parcel product; no label-free code (the shop prints the label).
 */
export type OutboundBookingRequest = ShipmentBookingRequest;

export type BookedLabel = {
  /** The carrier's tracking number of the parcel. */
  trackingNumber: string;
  /** The carrier's product booked, as printed on its label (e.g. `2108 Palautus`). */
  service: string | null;
  /** The carrier's own label, as the carrier sent it. */
  pdf: Uint8Array | null;
  zpl: string | null;
  /** The label-free code, when asked for and offered. */
  printerlessCode: string | null;
  /** The booking's id at the carrier or aggregator. */
  carrierReference: string | null;
  /** `pakettikauppa` or the carrier id whose API booked it. */
  bookedVia: string;
  /**
   * Where this client's `fetchLabel` gets the label again (a label URL, the parcel's id at the carrier, …); set
   * whenever the carrier can serve the label again. With `pdf` and `zpl` both null the booking stands but its label
   * is still to be fetched (the second call failed): the return is issued with this tracking number and the label
   * is fetched later (lib/labels/fetch-carrier-label.ts).
   */
  labelSource?: string | null;
  /** Why the label could not be fetched at booking (logged for staff; never shown to customers). */
  labelError?: string | null;
};

/** The label files fetched again for a booking (`CarrierBooking.fetchLabel`). */
export type FetchedLabel = { pdf: Uint8Array | null; zpl: string | null };

/** The carrier settings a booking client can read; the settings form shows only those its client lists. */
export const BOOKING_FIELDS = ['bookingBaseUrl', 'bookingApiUser', 'bookingApiKey', 'customerNumber'] as const;
export type BookingField = (typeof BOOKING_FIELDS)[number];

export type ConnectionResult = { ok: true } | { ok: false; reason: 'not_configured' | 'unauthorized' | 'unreachable' | 'unexpected'; status?: number };

/**
 * A "test connection" call's outcome: `unreachable` when no HTTP answer came, 401/403 = credentials refused, another
 * non-2xx = unexpected, a 2xx whose body `looksRight` rejects = unexpected (an answer, but not the carrier's).
 */
export function connectionResultOf(answer: { status: number; looksRight?: boolean } | 'unreachable'): ConnectionResult {
  if (answer === 'unreachable') return { ok: false, reason: 'unreachable' };
  const { status } = answer;
  if (status === 401 || status === 403) return { ok: false, reason: 'unauthorized', status };
  if (status < 200 || status >= 300 || answer.looksRight === false) return { ok: false, reason: 'unexpected', status };
  return { ok: true };
}

/** The booking side of a carrier. */
export type CarrierBooking = {
  /** Which API books for this carrier (shown to staff). */
  via: string;
  /** True when `config` holds what a booking needs (credentials, customer number). */
  configured(config: CarrierConfig): boolean;
  /**
   * Books the parcel. Throws (CarrierBookingError) only when nothing was booked; once the carrier has confirmed a
   * booking it resolves, with `pdf`/`zpl` null and `labelSource` set when the label could not be fetched yet, so
   * the booking is stored and never made twice.
   */
  bookReturn(request: ReturnBookingRequest, config: CarrierConfig): Promise<BookedLabel>;
  /** Books a parcel the shop sends, with the carrier's ordinary parcel product; throws and resolves as `bookReturn`. */
  bookOutbound?(request: OutboundBookingRequest, config: CarrierConfig): Promise<BookedLabel>;
  /** The label of an earlier booking again, from its `labelSource`; throws (CarrierBookingError) when not served yet. */
  fetchLabel?(labelSource: string, config: CarrierConfig): Promise<FetchedLabel>;
  /** One cheap authenticated call: are the credentials accepted? Never returns or logs the secret. */
  testConnection(config: CarrierConfig): Promise<ConnectionResult>;
  /** The settings this client reads (the settings form asks for these only); all of them when not given. */
  fields?: readonly BookingField[];
};

/** A booking API's answer as JSON, or null when it is none (an error page of a proxy, an empty body): the caller decides by status. */
export function readBookingJson(raw: string): unknown {
  try {
    return JSON.parse(raw);
  } catch {
    return null;
  }
}

/**
 * The carrier refused or failed a booking (the return stays approved; staff retry). `outcomeUnknown`: the request
 * may have reached the carrier and no answer came (a timeout, a dropped connection), so whether a parcel was booked
 * is unknown; the caller must not simply book again (lib/returns/issue-return-label.ts marks it `uncertain`).
 */
export class CarrierBookingError extends Error {
  constructor(
    message: string,
    readonly status?: number,
    readonly outcomeUnknown = false,
  ) {
    super(message);
    this.name = 'CarrierBookingError';
  }
}

// fetch's causes that prove the request never left: no address, no listener, no connection within the connect timeout.
const NOT_SENT_CODES = new Set(['ENOTFOUND', 'EAI_AGAIN', 'ECONNREFUSED', 'EHOSTUNREACH', 'ENETUNREACH', 'UND_ERR_CONNECT_TIMEOUT']);

/**
 * The error for a booking request that got no HTTP answer. Only a failure that proves the request never reached the
 * carrier says "nothing booked"; a timeout or a connection dropped after sending leaves the outcome unknown.
 */
export function bookingCallFailed(what: string, error: unknown): CarrierBookingError {
  const cause = error instanceof Error ? (error.cause as { code?: unknown } | undefined) : undefined;
  const code = typeof cause?.code === 'string' ? cause.code : error instanceof Error && 'code' in error && typeof error.code === 'string' ? error.code : undefined;
  const timedOut = error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError');
  const notSent = !timedOut && code !== undefined && NOT_SENT_CODES.has(code);
  return new CarrierBookingError(`${what}: ${timedOut ? 'no answer in time' : `unreachable${code ? ` (${code})` : ''}`}`, undefined, !notSent);
}
