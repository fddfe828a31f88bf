/**
 * DHL return parcels booked through DHL Express's **MyDHL API** (REST, developer.dhl.com "MyDHL API (DHL Express)";
 * DHL's OpenAPI document `dpdhl-express-api` 3.1.1, whose examples are copied into fixtures/carriers/dhl/booking-*):
 *
 * - `POST {base}/shipments` with HTTP Basic (the MyDHL API username and password), JSON, and the interface version
 *   header `x-version` the document requires. DHL Express has no separate return product: a return is a shipment
 *   with the customer as `shipperDetails`, the shop as `receiverDetails`, billed to the shop's DHL Express account
 *   (`accounts[typeCode=shipper]`), the RMA as the shipment's customer reference (`CU`).
 * - The answer (201) holds `shipmentTrackingNumber` (the 10-digit waybill number the tracking side reads), the
 *   pieces' numbers and `documents[]` with the label (`typeCode` label, base64 in `content`). A refusal is a problem
 *   document (`detail` "7008: …", `additionalDetails[]`) with 400/422/500.
 * - "Test connection": `GET {base}/address-validate` (one authenticated read that books nothing).
 *
 * The label is a PDF: MyDHL returns one encoding per booking (pdf, zpl, lp2 or epl), and a customer prints on an
 * office printer. Label-free returns (service PZ) answer with a QR **image**, not a code to type, so no label-free
 * code is asked for. Only returns that need no customs declaration are booked (domestic, or within the EU customs
 * union): a declarable shipment needs line items with values that a return request does not carry.
 *
 * A parcel the shop sends (an exchange's new item, a reship) is the same create-shipment call the other way: the
 * shop as `shipperDetails` (business), the customer as `receiverDetails` (private), the same products (N within a
 * country, P across a border) and the same customs rule; the reference is the RMA or the order number.
 */
import { formatWithOffset, zoneOfCountry } from '@/lib/time/zoned';
import type { BookedLabel, BookingParty, CarrierBooking, ConnectionResult, OutboundBookingRequest, ReturnBookingRequest, ShipmentBookingRequest } from '../booking';
import { bookingCallFailed, CarrierBookingError, connectionResultOf, readBookingJson } from '../booking';
import type { CarrierConfig } from '../config';

export const MYDHL_BASE_URL = 'https://express.api.dhl.com/mydhlapi';
/** The document's `x-version` header: "Interface version - do not change this field value". */
const MYDHL_INTERFACE_VERSION = '3.1.0';
/**
 * DHL Express global product codes: `N` Domestic Express within one country, `P` Express Worldwide (non-documents)
 * across a border. `bookingProduct` in the settings overrides this when the shop's account has another product.
 */
const DOMESTIC_PRODUCT = { code: 'N', name: 'Domestic Express' };
const INTERNATIONAL_PRODUCT = { code: 'P', name: 'Express Worldwide' };
/** DHL wants a weight; a typical returned garment parcel when the shop gives none. */
const DEFAULT_WEIGHT_KG = 1;
/** The schema's limits: address lines and city 45, names 100, the shipment description 70 characters. */
const MAX_ADDRESS = 45;
const MAX_NAME = 100;
const MAX_DESCRIPTION = 70;
/** The EU customs union: a return between two of these needs no customs declaration. */
const EU_CUSTOMS_UNION = new Set(['AT', 'BE', 'BG', 'CY', 'CZ', 'DE', 'DK', 'EE', 'ES', 'FI', 'FR', 'GR', 'HR', 'HU', 'IE', 'IT', 'LT', 'LU', 'LV', 'MT', 'NL', 'PL', 'PT', 'RO', 'SE', 'SI', 'SK']);

type MyDhlCredentials = {
  baseUrl: string;
  user: string;
  password: string;
  timeoutMs: number;
};

function credentials(config: CarrierConfig): MyDhlCredentials {
  return {
    baseUrl: (config.bookingBaseUrl ?? MYDHL_BASE_URL).replace(/\/+$/, ''),
    user: config.bookingApiUser ?? '',
    password: config.bookingApiKey ?? '',
    timeoutMs: config.requestTimeoutMs,
  };
}

function headers(creds: MyDhlCredentials): Record<string, string> {
  return {
    Authorization: `Basic ${Buffer.from(`${creds.user}:${creds.password}`).toString('base64')}`,
    Accept: 'application/json',
    'x-version': MYDHL_INTERFACE_VERSION,
  };
}

const clip = (value: string | null | undefined, max: number) => (value ? value.trim().slice(0, max) : undefined);

/** The product for the parcel's route (`bookingProduct` in the settings wins: the shop's account may have another). */
function routeProduct(request: ShipmentBookingRequest, config: Pick<CarrierConfig, 'bookingProduct'>): { code: string; name: string | null } {
  if (config.bookingProduct) return { code: config.bookingProduct, name: null };
  return request.sender.country.toUpperCase() === request.recipient.country.toUpperCase() ? DOMESTIC_PRODUCT : INTERNATIONAL_PRODUCT;
}

function isCustomsDeclarable(request: ShipmentBookingRequest): boolean {
  const from = request.sender.country.toUpperCase();
  const to = request.recipient.country.toUpperCase();
  return from !== to && !(EU_CUSTOMS_UNION.has(from) && EU_CUSTOMS_UNION.has(to));
}

/** `2026-12-07T10:15:00 GMT+02:00`: the document's format, in the shipper's local time. */
function plannedShippingTime(now: Date, country: string): string {
  return formatWithOffset(now, zoneOfCountry(country)).replace(/([+-]\d{2}:\d{2})$/, ' GMT$1');
}

function party(p: BookingParty, typeCode: 'private' | 'business', role: string) {
  // The schema requires a phone, a company name and a full name for every party; a consumer's company is their name.
  if (!p.phone?.trim()) throw new CarrierBookingError(`DHL Express booking: the ${role} has no phone number, which DHL requires`);
  return {
    postalAddress: {
      postalCode: p.postalCode.trim(),
      cityName: clip(p.city, MAX_ADDRESS),
      countryCode: p.country.toUpperCase(),
      addressLine1: clip(p.line1, MAX_ADDRESS),
      addressLine2: clip(p.line2, MAX_ADDRESS),
    },
    contactInformation: {
      email: p.email ?? undefined,
      phone: p.phone.trim(),
      companyName: clip(p.name, MAX_NAME),
      fullName: clip(p.name, MAX_NAME),
    },
    typeCode,
  };
}

/** Who ships: in a return the customer (private) ships to the shop (business); the shop's own parcel the other way. */
type Direction = { what: string; shipper: ['private' | 'business', string]; receiver: ['private' | 'business', string] };
const RETURN: Direction = { what: 'a return', shipper: ['private', 'customer'], receiver: ['business', 'shop (support phone in the shop settings)'] };
const OUTBOUND: Direction = { what: 'a parcel', shipper: ['business', 'shop (support phone in the shop settings)'], receiver: ['private', 'customer'] };

/** The create-shipment request of one parcel, billed to the shop's account, the RMA (or order number) as reference. */
function shipmentBody(request: ShipmentBookingRequest, direction: Direction, config: Pick<CarrierConfig, 'bookingProduct' | 'customerNumber'>, now: Date) {
  if (isCustomsDeclarable(request)) {
    throw new CarrierBookingError(
      `DHL Express booking: ${direction.what} from ${request.sender.country.toUpperCase()} to ${request.recipient.country.toUpperCase()} needs a customs declaration, which Paluu does not send; book it in MyDHL+`,
    );
  }
  return {
    plannedShippingDateAndTime: plannedShippingTime(now, request.sender.country),
    pickup: { isRequested: false },
    productCode: routeProduct(request, config).code,
    getRateEstimates: false,
    accounts: [{ number: config.customerNumber ?? '', typeCode: 'shipper' }],
    outputImageProperties: {
      encodingFormat: 'pdf',
      imageOptions: [{ typeCode: 'label', templateName: 'ECOM26_84_001', isRequested: true }],
    },
    customerReferences: [{ value: request.reference, typeCode: 'CU' }],
    customerDetails: {
      shipperDetails: party(request.sender, ...direction.shipper),
      receiverDetails: party(request.recipient, ...direction.receiver),
    },
    content: {
      packages: [{ weight: request.weightKg ?? DEFAULT_WEIGHT_KG }],
      isCustomsDeclarable: false,
      description: clip(request.contents, MAX_DESCRIPTION),
      incoterm: 'DAP',
      unitOfMeasurement: 'metric',
    },
  };
}

/** The create-shipment request of a return: customer → shop. */
export function returnShipmentBody(request: ReturnBookingRequest, config: Pick<CarrierConfig, 'bookingProduct' | 'customerNumber'>, now = new Date()) {
  return shipmentBody(request, RETURN, config, now);
}

/** The create-shipment request of a parcel the shop sends: shop → customer. */
export function outboundShipmentBody(request: OutboundBookingRequest, config: Pick<CarrierConfig, 'bookingProduct' | 'customerNumber'>, now = new Date()) {
  return shipmentBody(request, OUTBOUND, config, now);
}

/** "7008: The requested Special Service Code …" and any `additionalDetails`, from DHL's problem document. */
export function mydhlErrorMessage(body: unknown): string | null {
  if (!body || typeof body !== 'object') return null;
  const doc = body as {
    detail?: unknown;
    title?: unknown;
    message?: unknown;
    additionalDetails?: unknown;
  };
  const details = Array.isArray(doc.additionalDetails) ? doc.additionalDetails.filter((d): d is string => typeof d === 'string') : [];
  const parts = [doc.detail, ...details].filter((p): p is string => typeof p === 'string' && p.trim() !== '');
  if (parts.length) return parts.join('; ');
  const title = typeof doc.title === 'string' ? doc.title : typeof doc.message === 'string' ? doc.message : null;
  return title;
}

type MyDhlDocument = {
  typeCode?: unknown;
  imageFormat?: unknown;
  content?: unknown;
  packageReferenceNumber?: unknown;
};
export type MyDhlBooking = {
  waybillNumber: string;
  pieceNumber: string | null;
  pdf: Uint8Array | null;
  zpl: string | null;
};

/** The waybill number and the first piece's label of a create-shipment answer; anything else is a CarrierBookingError. */
export function parseShipmentAnswer(body: unknown): MyDhlBooking {
  const doc = (body && typeof body === 'object' ? body : {}) as {
    shipmentTrackingNumber?: unknown;
    packages?: unknown;
    documents?: unknown;
  };
  const waybillNumber = typeof doc.shipmentTrackingNumber === 'number' ? String(doc.shipmentTrackingNumber) : doc.shipmentTrackingNumber;
  if (typeof waybillNumber !== 'string' || !waybillNumber.trim()) throw new CarrierBookingError('DHL Express booking: no shipmentTrackingNumber in the answer');
  const packages = Array.isArray(doc.packages)
    ? (doc.packages as Array<{
        referenceNumber?: unknown;
        trackingNumber?: unknown;
      }>)
    : [];
  const first = packages.find((p) => Number(p.referenceNumber) === 1) ?? packages[0];
  const labels = (Array.isArray(doc.documents) ? (doc.documents as MyDhlDocument[]) : []).filter(
    (d) => String(d.typeCode ?? '').toLowerCase() === 'label' && typeof d.content === 'string',
  );
  // One label per piece when DHL links them (`packageReferenceNumber`); a return is one piece, so the first piece's.
  const label = labels.find((d) => d.packageReferenceNumber === undefined || Number(d.packageReferenceNumber) === 1) ?? labels[0];
  if (!label) throw new CarrierBookingError(`DHL Express booking: no label in the answer for ${waybillNumber.trim()}`);
  const bytes = Buffer.from(label.content as string, 'base64');
  const format = String(label.imageFormat ?? '').toUpperCase();
  let pdf: Uint8Array | null = null;
  let zpl: string | null = null;
  if (format === 'ZPL') zpl = bytes.toString('utf8');
  else if (bytes.subarray(0, 5).toString('latin1') === '%PDF-') pdf = new Uint8Array(bytes);
  else throw new CarrierBookingError(`DHL Express booking: the label of ${waybillNumber.trim()} is not a PDF (${format || 'no format'})`);
  return {
    waybillNumber: waybillNumber.trim(),
    pieceNumber: typeof first?.trackingNumber === 'string' ? first.trackingNumber : null,
    pdf,
    zpl,
  };
}

/** Books one shipment with DHL Express and returns DHL's waybill number and label. */
async function bookWithMyDhl(request: ShipmentBookingRequest, body: ReturnType<typeof shipmentBody>, config: CarrierConfig): Promise<BookedLabel> {
  const creds = credentials(config);
  let res: Response;
  try {
    res = await fetch(`${creds.baseUrl}/shipments`, {
      method: 'POST',
      headers: { ...headers(creds), 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(creds.timeoutMs),
      redirect: 'error',
    });
  } catch (e) {
    throw bookingCallFailed('DHL Express booking', e);
  }
  const answer = readBookingJson(await res.text());
  if (res.status === 401 || res.status === 403) throw new CarrierBookingError(`DHL Express booking: credentials refused (HTTP ${res.status})`, res.status);
  if (!res.ok) throw new CarrierBookingError(`DHL Express booking: HTTP ${res.status} ${mydhlErrorMessage(answer) ?? ''}`.trim(), res.status);
  const booked = parseShipmentAnswer(answer);
  const product = routeProduct(request, config);
  return {
    trackingNumber: booked.waybillNumber,
    service: product.name ? `${product.code} ${product.name}` : product.code,
    pdf: booked.pdf,
    zpl: booked.zpl,
    printerlessCode: null,
    carrierReference: booked.pieceNumber,
    bookedVia: 'dhl',
  };
}

// Async: a parcel DHL cannot take from us (customs, no phone) rejects like any other failed booking.
export const bookReturnWithMyDhl = async (request: ReturnBookingRequest, config: CarrierConfig) => bookWithMyDhl(request, returnShipmentBody(request, config), config);
export const bookOutboundWithMyDhl = async (request: OutboundBookingRequest, config: CarrierConfig) => bookWithMyDhl(request, outboundShipmentBody(request, config), config);

/** An address check of a Helsinki postal code: authenticated, books nothing. */
export async function testMyDhl(config: CarrierConfig): Promise<ConnectionResult> {
  const creds = credentials(config);
  const query = new URLSearchParams({
    type: 'delivery',
    countryCode: 'FI',
    postalCode: '00100',
    cityName: 'Helsinki',
  });
  let res: Response;
  let answer: unknown;
  try {
    res = await fetch(`${creds.baseUrl}/address-validate?${query}`, {
      headers: headers(creds),
      signal: AbortSignal.timeout(creds.timeoutMs),
      redirect: 'error',
    });
    answer = readBookingJson(await res.text());
  } catch {
    return connectionResultOf('unreachable');
  }
  return connectionResultOf({ status: res.status, looksRight: Array.isArray((answer as { address?: unknown } | null)?.address) });
}

const hasCredentials = (config: CarrierConfig) => Boolean(config.bookingApiUser && config.bookingApiKey);

export const dhlBooking: CarrierBooking = {
  via: 'dhl',
  // Every shipment names the DHL Express account that pays for it.
  configured: (config) => hasCredentials(config) && Boolean(config.customerNumber),
  // The label comes in the booking's own answer: there is no second call to fail, so no fetchLabel.
  bookReturn: bookReturnWithMyDhl,
  bookOutbound: bookOutboundWithMyDhl,
  // The MyDHL API username and password, and the DHL Express account number.
  fields: ['bookingBaseUrl', 'bookingApiUser', 'bookingApiKey', 'customerNumber'],
  testConnection: async (config) => (hasCredentials(config) ? testMyDhl(config) : { ok: false, reason: 'not_configured' }),
};
