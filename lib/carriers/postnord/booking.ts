/**
 * PostNord return parcels through PostNord's own Booking API (developer.postnord.com "Booking APIs" v3, its
 * swagger 2.0 document: host api2.postnord.com, basePath /rest/shipment; test system atapi2.postnord.com).
 * Copied examples and where they come from: fixtures/carriers/postnord/booking-* and fixtures/SOURCES.md.
 *
 * - Book: `POST /rest/shipment/v3/returns/edi/labels/pdf?apikey=…` ("Book return using EDI and generate the
 *   referring PDF labels": Return Drop Off, Varubrev Return or Rek Return), body an `ediInstruction`. Answer
 *   (`ediLabelResponse`): `bookingResponse.bookingId`, `idInformation[].ids[]` (`idType` itemId → the parcel's
 *   tracking number) and `labelPrintout[].printout` (`type` LABEL, `labelFormat` PDF, `encoding` base64, `data`).
 * - Errors: `errorResponse` (`message`, `compositeFault.faults[].explanationText`), or the API gateway's
 *   `{ error: { status_code, error_type, message } }` (an unknown key answers 403).
 * - Test connection: `GET /rest/shipment/v3/edi/labels/manage/health?apikey=…` (the API's health check; the
 *   apikey is required, 401/403 otherwise).
 * - The label again, when the booking answer lacked it: `POST /rest/shipment/v3/labels/ids/pdf?apikey=…` with
 *   `[{ id: itemId }]` (the swagger's labels-by-ids call, as open-source PostNord clients send it; no public
 *   example of its answer, which clients read as a `labelPrintout` list, bare or wrapped).
 *
 * A return is an EDI instruction from the customer (consignor: the party whose address the parcel leaves from,
 * identified by the shop's customer number, which pays) to the shop (consignee), with basic service code 24
 * "Return Drop Off". ZPL would need a second call (`/v3/labels/ids/zpl` with the printId) for which no public
 * example exists, and the QR code the API adds (`addQRCODE`) is an image, not a code a customer can type: both
 * are left out (docs/carriers.md, "PostNord return booking").
 *
 * A parcel the shop sends (an exchange's new item, a reship): `POST /rest/shipment/v3/edi/labels/pdf` ("Book
 * shipment using EDI and generate the referring PDF labels"), the same `ediInstruction` with the shop as consignor
 * and the customer as consignee, basic service code 19 "MyPack Collect" (PostNord's consumer parcel to the pickup
 * point nearest the recipient, notified by SMS/email); the same `ediLabelResponse` answer.
 */
import type { BookedLabel, BookingParty, CarrierBooking, ConnectionResult, OutboundBookingRequest, ReturnBookingRequest, ShipmentBookingRequest } from '../booking';
import { bookingCallFailed, CarrierBookingError, connectionResultOf, readBookingJson } from '../booking';
import type { CarrierConfig } from '../config';

export const POSTNORD_BOOKING_BASE_URL = 'https://api2.postnord.com';
/** PostNord's "Return Drop Off": the customer hands the parcel in at a service point. */
export const POSTNORD_RETURN_SERVICE = '24';
const RETURN_SERVICE_NAME = 'Return Drop Off';
const BOOK_PATH = '/rest/shipment/v3/returns/edi/labels/pdf';
export const POSTNORD_PARCEL_SERVICE = '19';
const PARCEL_SERVICE_NAME = 'MyPack Collect';
const OUTBOUND_BOOK_PATH = '/rest/shipment/v3/edi/labels/pdf';
const HEALTH_PATH = '/rest/shipment/v3/edi/labels/manage/health';
const LABEL_BY_ID_PATH = '/rest/shipment/v3/labels/ids/pdf';
/** PostNord wants a weight; a typical returned garment parcel when the shop gives none. */
const DEFAULT_WEIGHT_KG = 1;

/** `issuerCode`: the PostNord company the customer number's agreement is with (swagger `issuerCode`). */
const ISSUER_BY_COUNTRY: Record<string, string> = { DK: 'Z11', SE: 'Z12', NO: 'Z13', FI: 'Z14' };

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const text = (v: unknown): string | null => (typeof v === 'string' && v.trim() !== '' ? v.trim() : null);

function party(p: BookingParty): Json {
  const contact: Json = {};
  if (p.email) contact.emailAddress = p.email;
  if (p.phone) {
    contact.phoneNo = p.phone;
    contact.smsNo = p.phone;
  }
  return {
    nameIdentification: { name: p.name },
    address: { streets: [p.line1, p.line2].filter((l): l is string => Boolean(l)), postalCode: p.postalCode, city: p.city, countryCode: p.country.toUpperCase() },
    ...(Object.keys(contact).length ? { contact } : {}),
  };
}

/**
 * The `ediInstruction` of one parcel: the sender is the consignor (identified by the shop's customer number, which
 * pays), the recipient the consignee; `shopCountry` picks the PostNord company the agreement is with.
 */
function ediInstruction(request: ShipmentBookingRequest, customerNumber: string, serviceCode: string, shopCountry: string, now: Date): Json {
  const issuerCode = ISSUER_BY_COUNTRY[shopCountry.toUpperCase()];
  if (!issuerCode) throw new CarrierBookingError(`PostNord booking: no PostNord company books parcels of a shop in ${shopCountry} (DK, SE, NO or FI)`);
  const weight = { value: request.weightKg ?? DEFAULT_WEIGHT_KG, unit: 'KGM' };
  return {
    messageDate: now.toISOString().replace(/\.\d{3}Z$/, 'Z'),
    updateIndicator: 'Original',
    application: { name: 'Paluu', version: '1.0' },
    shipment: [
      {
        dateAndTimes: { loadingDate: now.toISOString().slice(0, 10) },
        service: { basicServiceCode: serviceCode },
        numberOfPackages: { value: 1 },
        totalGrossWeight: weight,
        references: [{ referenceNo: request.reference, referenceType: 'CU' }],
        parties: {
          consignor: { issuerCode, partyIdentification: { partyId: customerNumber, partyIdType: '160' }, party: party(request.sender) },
          consignee: { party: party(request.recipient) },
        },
        // itemId "0": PostNord assigns the parcel's id (as the open-source clients send it).
        goodsItem: [{ goodsDescription: request.contents, packageTypeCode: 'PC', items: [{ itemIdentification: { itemId: '0' }, grossWeight: weight }] }],
      },
    ],
  };
}

/** The `ediInstruction` of a return parcel: customer → shop, Return Drop Off, the RMA as the shipment's reference. */
export function returnEdiInstruction(request: ReturnBookingRequest, customerNumber: string, now = new Date()): Json {
  return ediInstruction(request, customerNumber, POSTNORD_RETURN_SERVICE, request.recipient.country, now);
}

/** The `ediInstruction` of a parcel the shop sends: shop → customer, MyPack Collect. */
export function outboundEdiInstruction(request: OutboundBookingRequest, customerNumber: string, now = new Date()): Json {
  return ediInstruction(request, customerNumber, POSTNORD_PARCEL_SERVICE, request.sender.country, now);
}

/** An `errorResponse` or the gateway's `error` envelope as one line: the message and every fault's explanation. */
export function postnordErrorMessage(body: unknown): string | null {
  if (!isObject(body)) return null;
  if (isObject(body.error)) return [text(body.error.error_type), text(body.error.message)].filter(Boolean).join(': ') || null;
  const faults = isObject(body.compositeFault) ? list(body.compositeFault.faults).map((f) => (isObject(f) ? text(f.explanationText) : null)) : [];
  const parts = [text(body.message), ...faults].filter(Boolean);
  return parts.length ? parts.join('; ') : null;
}

export type PostnordBookingAnswer = { trackingNumber: string; bookingId: string | null; pdf: Uint8Array | null; labelError: string | null };

/** The PDF of a `labelPrintout` list (the booking answer's, or the label-by-ids answer's); a CarrierBookingError when none is there. */
export function pdfOfPrintouts(printouts: unknown): Uint8Array {
  const label = list(printouts)
    .filter(isObject)
    .map((p) => (isObject(p.printout) ? p.printout : null))
    .find((p) => p && (text(p.type) ?? 'LABEL').toUpperCase() === 'LABEL' && (text(p.labelFormat) ?? 'PDF').toUpperCase() === 'PDF' && text(p.data));
  if (!label) throw new CarrierBookingError('PostNord label: the answer holds no PDF label');
  // The swagger documents base64 only; a printout without `encoding` is base64 too.
  const encoding = (text(label.encoding) ?? 'base64').toLowerCase();
  if (encoding !== 'base64') throw new CarrierBookingError(`PostNord label: a PDF label in encoding ${encoding}`);
  return new Uint8Array(Buffer.from(String(label.data), 'base64'));
}

/**
 * Reads an `ediLabelResponse`: the parcel's itemId, the booking id and the PDF label. Once the parcel has its
 * itemId it is booked: a missing or unreadable label printout leaves `pdf` null (fetched again by item id) instead
 * of losing the booking.
 */
export function parseBookingAnswer(body: unknown): PostnordBookingAnswer {
  if (!isObject(body) || !isObject(body.bookingResponse)) throw new CarrierBookingError('PostNord booking: the answer has no bookingResponse');
  const booking = body.bookingResponse;
  const info = list(booking.idInformation).filter(isObject);
  const failed = info.find((i) => text(i.status)?.toUpperCase() !== 'OK');
  if (failed || !info.length) throw new CarrierBookingError(`PostNord booking: ${postnordErrorMessage(failed?.errorResponse) ?? postnordErrorMessage(booking.handlingResponse) ?? 'not booked'}`);
  // idType casing varies (`itemId` in the swagger's example, `ITEMID` in answers clients recorded).
  const itemId = info
    .flatMap((i) => list(i.ids).filter(isObject))
    .find((id) => text(id.idType)?.toLowerCase() === 'itemid');
  const trackingNumber = text(itemId?.value);
  if (!trackingNumber) throw new CarrierBookingError('PostNord booking: the answer names no itemId');
  const bookingId = text(booking.bookingId);
  try {
    return { trackingNumber, bookingId, pdf: pdfOfPrintouts(body.labelPrintout), labelError: null };
  } catch (e) {
    return { trackingNumber, bookingId, pdf: null, labelError: e instanceof Error ? e.message : String(e) };
  }
}

function baseUrl(config: CarrierConfig): string {
  return (config.bookingBaseUrl ?? POSTNORD_BOOKING_BASE_URL).replace(/\/+$/, '');
}

function url(config: CarrierConfig, path: string, query: Record<string, string>): string {
  return `${baseUrl(config)}${path}?${new URLSearchParams({ apikey: config.bookingApiKey ?? '', ...query }).toString()}`;
}

/** One JSON POST to PostNord's shipment API: its answer, or a CarrierBookingError naming `what` with PostNord's message. */
async function postJson(config: CarrierConfig, what: string, path: string, query: Record<string, string>, body: unknown): Promise<unknown> {
  let res: Response;
  try {
    res = await fetch(url(config, path, query), {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(config.requestTimeoutMs),
      redirect: 'error',
    });
  } catch (e) {
    throw bookingCallFailed(what, e);
  }
  const answer = readBookingJson(await res.text());
  if (!res.ok) throw new CarrierBookingError(`${what}: HTTP ${res.status} ${postnordErrorMessage(answer) ?? ''}`.trim(), res.status);
  return answer;
}

/** Books one parcel and reads its itemId, booking id and PDF label (missing: fetched again by item id). */
async function bookWithPostnord(config: CarrierConfig, path: string, query: Record<string, string>, instruction: Json, service: string): Promise<BookedLabel> {
  const booked = parseBookingAnswer(await postJson(config, 'PostNord booking', path, query, instruction));
  return {
    trackingNumber: booked.trackingNumber,
    service,
    pdf: booked.pdf,
    zpl: null,
    printerlessCode: null,
    carrierReference: booked.bookingId,
    bookedVia: 'postnord',
    labelSource: booked.trackingNumber,
    labelError: booked.labelError,
  };
}

export async function bookReturnWithPostnord(request: ReturnBookingRequest, config: CarrierConfig): Promise<BookedLabel> {
  // addQRCODE adds the C2 service and its QR code; asked for only when the customer chose the label-free way.
  return bookWithPostnord(config, BOOK_PATH, { addQRCODE: String(request.printerless) }, returnEdiInstruction(request, config.customerNumber ?? ''), `${POSTNORD_RETURN_SERVICE} ${RETURN_SERVICE_NAME}`);
}

export async function bookOutboundWithPostnord(request: OutboundBookingRequest, config: CarrierConfig): Promise<BookedLabel> {
  return bookWithPostnord(config, OUTBOUND_BOOK_PATH, {}, outboundEdiInstruction(request, config.customerNumber ?? ''), `${POSTNORD_PARCEL_SERVICE} ${PARCEL_SERVICE_NAME}`);
}

/**
 * The PDF label of a booked parcel again: `POST /rest/shipment/v3/labels/ids/pdf` with the item id (the swagger's
 * "labels by ids"; body `[{ id }]` as open-source clients send it). The answer is a `labelPrintout` list, bare
 * or wrapped in `{ labelPrintout }` (both seen in clients).
 */
export async function fetchPostnordLabel(itemId: string, config: CarrierConfig): Promise<Uint8Array> {
  const answer = await postJson(config, 'PostNord label', LABEL_BY_ID_PATH, { paperSize: 'LABEL' }, [{ id: itemId }]);
  return pdfOfPrintouts(isObject(answer) ? answer.labelPrintout : answer);
}

/** The booking API's health check with the apikey: 2xx = the key is accepted. */
export async function testPostnordBooking(config: CarrierConfig): Promise<ConnectionResult> {
  if (!postnordBooking.configured(config)) return { ok: false, reason: 'not_configured' };
  let res: Response;
  try {
    res = await fetch(url(config, HEALTH_PATH, {}), { headers: { accept: 'application/json' }, signal: AbortSignal.timeout(config.requestTimeoutMs), redirect: 'error' });
    await res.arrayBuffer();
  } catch {
    return connectionResultOf('unreachable');
  }
  return connectionResultOf({ status: res.status });
}

/**
 * Settings: `bookingApiKey` = the developer.postnord.com apikey allowed to book, `customerNumber` = the shop's
 * PostNord customer number (the consignor's `partyId`, type 160), `bookingBaseUrl` (default
 * https://api2.postnord.com; the test system is https://atapi2.postnord.com).
 */
export const postnordBooking: CarrierBooking = {
  via: 'postnord',
  configured: (config) => Boolean(config.bookingApiKey && config.customerNumber),
  bookReturn: (request, config) => bookReturnWithPostnord(request, config),
  bookOutbound: (request, config) => bookOutboundWithPostnord(request, config),
  fetchLabel: async (itemId, config) => ({ pdf: await fetchPostnordLabel(itemId, config), zpl: null }),
  // PostNord books with the apikey alone: no API user.
  fields: ['bookingBaseUrl', 'bookingApiKey', 'customerNumber'],
  testConnection: (config) => testPostnordBooking(config),
};
