/**
 * Bring return parcels booked through Bring's own Booking API (developer.bring.com/api/booking; its source is
 * `bring/developer-site` content/api/booking: api.raml and the examples copied into fixtures/carriers/bring/booking-*):
 *
 * - `POST {base}/booking` with `Content-Type`/`Accept: application/json` and the Mybring headers `X-Mybring-API-Uid`,
 *   `X-Mybring-API-Key`, `X-Bring-Client-URL`. The body is one consignment: `parties.sender` (the customer, who hands
 *   the parcel in), `parties.recipient` (the shop), `product` (the return service and the shop's customer number), one
 *   package (weight, goods description; parcels may be booked without measurements). `testIndicator` false: a real
 *   booking.
 * - The answer's `consignments[].confirmation` holds `consignmentNumber`, `packages[].packageNumber` (the number on the
 *   label, which the Tracking API reports events under) and `links.labels`, a URL of the PDF label that answers with a
 *   302 to Bring's storage. A refused booking carries `consignments[].errors[]` (`code`, `messages[]`).
 * - "Test connection": `GET {base}/customers` (List customer numbers) with the same headers.
 *
 * A parcel the shop sends (an exchange's new item, a reship) is the same call the other way (shop → customer) with
 * Bring's ordinary parcel to a pickup point: within Norway 5800 "Pakke til hentested" (PickUp Parcel), to another
 * Nordic country 0340 "PickUp Parcel" (the cross-border product whose return counterpart, 0341, returns book).
 *
 * Bring offers ZPL only for mailbox parcels with RFID (3570), so a return label is a PDF. The label-free QR
 * (`generateQrCodes`, a PNG link per package for 9000/9300/9600) is not asked for: Paluu has nowhere to keep an image,
 * and the customer's page shows a code, not a picture.
 */
import type { BookedLabel, BookingParty, CarrierBooking, ConnectionResult, OutboundBookingRequest, ReturnBookingRequest, ShipmentBookingRequest } from '../booking';
import { bookingCallFailed, CarrierBookingError, connectionResultOf } from '../booking';
import type { CarrierConfig } from '../config';
import { appOrigin } from '@/lib/core/url';

export const BRING_BOOKING_BASE_URL = 'https://api.bring.com/booking/api';
/**
 * Bring's return services by where the customer hands the parcel in: within Norway "PickUp Parcel return" 9300
 * (the renamed SERVICEPAKKE_RETURSERVICE), from abroad (FI, SE, DK) 0341 "PickUp Parcel Return". `bookingProduct`
 * in the settings overrides this (e.g. 9000 Business Parcel return).
 */
const RETURN_PRODUCTS: Record<string, { id: string; name: string }> = {
  NO: { id: '9300', name: 'PickUp Parcel return' },
};
const RETURN_PRODUCT_FROM_ABROAD = { id: '0341', name: 'PickUp Parcel Return' };
const DOMESTIC_PARCEL = { id: '5800', name: 'Pakke til hentested' };
const PARCEL_ABROAD = { id: '0340', name: 'PickUp Parcel' };
/** Bring wants a weight; a typical returned garment parcel when the shop gives none. */
const DEFAULT_WEIGHT_KG = 1;
/** The API's limit for names, address lines, references and the goods description. */
const MAX_FIELD = 35;

type BringCredentials = { baseUrl: string; uid: string; key: string; timeoutMs: number };

function credentials(config: CarrierConfig): BringCredentials {
  return {
    baseUrl: (config.bookingBaseUrl ?? BRING_BOOKING_BASE_URL).replace(/\/+$/, ''),
    // The Mybring pair of the tracking API serves booking too; separate booking credentials win when set.
    uid: config.bookingApiUser ?? config.apiUid ?? '',
    key: config.bookingApiKey ?? config.apiKey ?? '',
    timeoutMs: config.requestTimeoutMs,
  };
}

const mybringHeaders = (creds: BringCredentials) => ({ 'X-Mybring-API-Uid': creds.uid, 'X-Mybring-API-Key': creds.key, 'X-Bring-Client-URL': appOrigin() });

const clip = (v: string | null | undefined) => (v ? v.trim().slice(0, MAX_FIELD) : undefined);

type BringProduct = { id: string; name: string | null };

export function returnProduct(request: ReturnBookingRequest, config: Pick<CarrierConfig, 'bookingProduct'>): BringProduct {
  if (config.bookingProduct) return { id: config.bookingProduct, name: null };
  return RETURN_PRODUCTS[request.sender.country.toUpperCase()] ?? RETURN_PRODUCT_FROM_ABROAD;
}

/** A parcel the shop sends: PickUp Parcel, domestic (Norway to Norway) or cross-border. */
export function outboundProduct(request: OutboundBookingRequest): BringProduct {
  return request.sender.country.toUpperCase() === 'NO' && request.recipient.country.toUpperCase() === 'NO' ? DOMESTIC_PARCEL : PARCEL_ABROAD;
}

function party(p: BookingParty, reference?: string) {
  const contact = { name: clip(p.name), email: p.email ?? undefined, phoneNumber: p.phone ?? undefined };
  return {
    name: clip(p.name),
    addressLine: clip(p.line1),
    addressLine2: clip(p.line2),
    postalCode: p.postalCode.trim(),
    city: clip(p.city),
    countryCode: p.country.toUpperCase(),
    reference: clip(reference),
    contact: contact.email || contact.phoneNumber ? contact : undefined,
  };
}

/** The booking request of one parcel; the shop's reference goes with the shop's party (the recipient of a return, the sender of the shop's own parcel). */
function bookingBody(request: ShipmentBookingRequest, product: BringProduct, customerNumber: string, shopIs: 'sender' | 'recipient', now: Date) {
  return {
    testIndicator: false,
    schemaVersion: 1,
    consignments: [
      {
        shippingDateTime: now.getTime(),
        parties: {
          sender: party(request.sender, shopIs === 'sender' ? request.reference : undefined),
          recipient: party(request.recipient, shopIs === 'recipient' ? request.reference : undefined),
        },
        product: { id: product.id, customerNumber },
        correlationId: clip(request.reference),
        packages: [{ weightInKg: request.weightKg ?? DEFAULT_WEIGHT_KG, goodsDescription: clip(request.contents), correlationId: clip(request.reference) }],
      },
    ],
  };
}

/** The booking request of a return parcel: customer → shop, Bring's return service, the RMA as the shop's reference. */
export function returnBookingBody(request: ReturnBookingRequest, config: Pick<CarrierConfig, 'bookingProduct' | 'customerNumber'>, now = new Date()) {
  return bookingBody(request, returnProduct(request, config), config.customerNumber ?? '', 'recipient', now);
}

/** The booking request of a parcel the shop sends: shop → customer, PickUp Parcel. */
export function outboundBookingBody(request: OutboundBookingRequest, config: Pick<CarrierConfig, 'customerNumber'>, now = new Date()) {
  return bookingBody(request, outboundProduct(request), config.customerNumber ?? '', 'sender', now);
}

type BringError = { code?: unknown; messages?: unknown; message?: unknown };

/** "BOOK-INPUT-023 The shipment is too big…" from Bring's error objects (English message preferred). */
function describeErrors(errors: BringError[]): string {
  return errors
    .map((e) => {
      const messages = Array.isArray(e.messages) ? (e.messages as Array<{ lang?: unknown; message?: unknown }>) : [];
      const text = (messages.find((m) => m.lang === 'en') ?? messages[0])?.message ?? e.message;
      return [typeof e.code === 'string' ? e.code : null, typeof text === 'string' ? text : null].filter(Boolean).join(' ');
    })
    .filter(Boolean)
    .join('; ');
}

function errorsOf(body: unknown): BringError[] {
  if (!body || typeof body !== 'object') return [];
  const doc = body as { consignments?: unknown; errors?: unknown };
  const nested = Array.isArray(doc.consignments) ? doc.consignments.flatMap((c) => (c && Array.isArray((c as { errors?: unknown }).errors) ? (c as { errors: BringError[] }).errors : [])) : [];
  return [...nested, ...(Array.isArray(doc.errors) ? (doc.errors as BringError[]) : [])];
}

export type BringConfirmation = { consignmentNumber: string; packageNumber: string | null; labelUrl: string };

/** The confirmation of a booking answer, or a CarrierBookingError with Bring's own error codes and messages. */
export function parseBookingResponse(text: string, status = 200): BringConfirmation {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new CarrierBookingError(`Bring booking: HTTP ${status}, not a JSON answer`, status);
  }
  const errors = errorsOf(body);
  if (errors.length) throw new CarrierBookingError(`Bring booking: ${describeErrors(errors) || 'refused'}`, status >= 400 ? status : undefined);
  if (status < 200 || status >= 300) throw new CarrierBookingError(`Bring booking: HTTP ${status}`, status);
  const consignments = (body as { consignments?: unknown }).consignments;
  const confirmation = Array.isArray(consignments) ? (consignments[0] as { confirmation?: Record<string, unknown> } | undefined)?.confirmation : undefined;
  const consignmentNumber = confirmation?.consignmentNumber;
  const labelUrl = (confirmation?.links as { labels?: unknown } | undefined)?.labels;
  if (typeof consignmentNumber !== 'string' || !consignmentNumber) throw new CarrierBookingError('Bring booking: no consignment number in the answer');
  if (typeof labelUrl !== 'string' || !labelUrl) throw new CarrierBookingError('Bring booking: no label link in the answer');
  const packages = Array.isArray(confirmation?.packages) ? (confirmation.packages as Array<{ packageNumber?: unknown }>) : [];
  const packageNumber = packages.map((p) => p.packageNumber).find((n): n is string => typeof n === 'string' && n !== '') ?? null;
  return { consignmentNumber, packageNumber, labelUrl };
}

/** Our Mybring key goes only to Bring's own hosts (or the configured booking host), never to the storage the label redirects to. */
function isBringHost(url: URL, creds: BringCredentials): boolean {
  return url.origin === new URL(creds.baseUrl).origin || /(^|\.)(bring\.com|mybring\.com)$/.test(url.hostname);
}

/** The PDF behind `links.labels`: one 302 to Bring's storage is followed without our headers. */
async function fetchLabel(labelUrl: string, creds: BringCredentials): Promise<Uint8Array> {
  const url = new URL(labelUrl);
  const signal = AbortSignal.timeout(creds.timeoutMs);
  let res = await fetch(url, { headers: { Accept: 'application/pdf', ...(isBringHost(url, creds) ? mybringHeaders(creds) : {}) }, redirect: 'manual', signal });
  const location = res.headers.get('location');
  if (res.status >= 300 && res.status < 400 && location) {
    await res.body?.cancel();
    res = await fetch(new URL(location, url), { headers: { Accept: 'application/pdf' }, redirect: 'error', signal });
  }
  if (!res.ok) throw new CarrierBookingError(`Bring label: HTTP ${res.status}`, res.status);
  const bytes = new Uint8Array(await res.arrayBuffer());
  if (Buffer.from(bytes.subarray(0, 5)).toString('latin1') !== '%PDF-') throw new CarrierBookingError('Bring label: the label link did not return a PDF');
  return bytes;
}

/** Books one parcel with Bring and fetches its PDF label (kept as `labelSource` to fetch again when that fails). */
async function bookWithBring(body: ReturnType<typeof bookingBody>, product: BringProduct, config: CarrierConfig): Promise<BookedLabel> {
  const creds = credentials(config);
  let res: Response;
  try {
    res = await fetch(`${creds.baseUrl}/booking`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json', ...mybringHeaders(creds) },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(creds.timeoutMs),
      redirect: 'error',
    });
  } catch (e) {
    throw bookingCallFailed('Bring booking', e);
  }
  if (res.status === 401 || res.status === 403) throw new CarrierBookingError(`Bring booking: credentials refused (HTTP ${res.status})`, res.status);
  const confirmation = parseBookingResponse(await res.text(), res.status);
  const booked = {
    trackingNumber: confirmation.packageNumber ?? confirmation.consignmentNumber,
    service: product.name ? `${product.id} ${product.name}` : product.id,
    zpl: null,
    printerlessCode: null,
    carrierReference: confirmation.consignmentNumber,
    bookedVia: 'bring',
    labelSource: confirmation.labelUrl,
  };
  // Bring has booked (and will bill) the parcel: a failed label download must not lose the booking.
  try {
    return { ...booked, pdf: await fetchBringLabel(confirmation.labelUrl, creds) };
  } catch (e) {
    return { ...booked, pdf: null, labelError: e instanceof Error ? e.message : String(e) };
  }
}

export const bookReturnWithBring = async (request: ReturnBookingRequest, config: CarrierConfig) => bookWithBring(returnBookingBody(request, config), returnProduct(request, config), config);
export const bookOutboundWithBring = async (request: OutboundBookingRequest, config: CarrierConfig) => bookWithBring(outboundBookingBody(request, config), outboundProduct(request), config);

async function fetchBringLabel(labelUrl: string, creds: BringCredentials): Promise<Uint8Array> {
  try {
    return await fetchLabel(labelUrl, creds);
  } catch (e) {
    if (e instanceof CarrierBookingError) throw e;
    throw new CarrierBookingError(`Bring label: unreachable (${e instanceof Error ? e.message : String(e)})`);
  }
}

/** "List customer numbers": an authenticated read that books nothing. */
export async function testBringBooking(config: CarrierConfig): Promise<ConnectionResult> {
  const creds = credentials(config);
  let res: Response;
  try {
    res = await fetch(`${creds.baseUrl}/customers`, { headers: { Accept: 'application/json', ...mybringHeaders(creds) }, signal: AbortSignal.timeout(creds.timeoutMs), redirect: 'error' });
  } catch {
    return connectionResultOf('unreachable');
  }
  let customers: unknown;
  try {
    if (res.ok) customers = ((await res.json()) as { customers?: unknown })?.customers;
  } catch {
    // Not JSON: not Bring's answer.
  }
  return connectionResultOf({ status: res.status, looksRight: Array.isArray(customers) });
}

const hasCredentials = (config: CarrierConfig) => {
  const creds = credentials(config);
  return Boolean(creds.uid && creds.key);
};

export const bringBooking: CarrierBooking = {
  via: 'bring',
  // A booking names the payer: without the shop's customer number Bring refuses it (BOOK-INPUT-019).
  configured: (config) => hasCredentials(config) && Boolean(config.customerNumber),
  bookReturn: bookReturnWithBring,
  bookOutbound: bookOutboundWithBring,
  fetchLabel: async (labelUrl, config) => ({ pdf: await fetchBringLabel(labelUrl, credentials(config)), zpl: null }),
  // The Mybring pair of the tracking settings (apiUid/apiKey) serves when no booking pair is set.
  fields: ['bookingBaseUrl', 'bookingApiUser', 'bookingApiKey', 'customerNumber'],
  testConnection: async (config) => (hasCredentials(config) ? testBringBooking(config) : { ok: false, reason: 'not_configured' }),
};
