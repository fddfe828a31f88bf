/**
 * Pakettikauppa (Posti's aggregator, now Posti Nextshipping) as its public API documentation describes it:
 * `Pakettikauppa/api-documentation` README (CC0), "Prinetti API → Create Shipment", "Fetch Shipping Label",
 * "Request Authentication" and "Get information about shipping method". The copied examples are in
 * fixtures/carriers/posti/booking-pakettikauppa-*.
 *
 * - Create shipment: `POST /prinetti/create-shipment`, `Content-Type: text/xml`, an `eChannel` document whose
 *   `Routing.Key` is md5(account + Routing.Id + secret). Answer: `response.status` 0 = OK, the parcel's
 *   `response.trackingcode` with `labelcode` (the label-free code when additional service 9902 was asked for:
 *   "Posti Easy Sending Code / Matkahuolto activation code") and the shipment's `response.reference@uuid`.
 * - Fetch label: `POST /prinetti/get-shipping-label` with `PrintLabel` (Reference, TrackingCode); answer
 *   `response.file encode="base64"`, a PDF. Pakettikauppa offers no ZPL.
 * - Other calls are form posts signed with HMAC-SHA256 over the parameter values sorted by key, joined by `&`.
 * A return parcel is a shipment from the customer (Sender) to the shop (Recipient) with the carrier's return product:
 * Posti's 2108 "Palautus" (its shipping-method list) by default; Matkahuolto passes its own (lib/carriers/matkahuolto/booking.ts).
 * A parcel the shop sends is the same call the other way (shop → customer) with the carrier's ordinary parcel
 * product: Posti's 2103 Postipaketti, the product of the documentation's minimal create-shipment example.
 */
import { createHash, createHmac, randomInt } from 'node:crypto';
import type { BookedLabel, ConnectionResult, ShipmentBookingRequest } from '../booking';
import { bookingCallFailed, CarrierBookingError, connectionResultOf } from '../booking';

export const PAKETTIKAUPPA_BASE_URL = 'https://api.pakettikauppa.fi';
/** Posti's return product at Pakettikauppa ("Palautus", shipping_method_code 2108). */
export const POSTI_RETURN_PRODUCT = '2108';
/** A carrier's product at Pakettikauppa (`shipping_method_code`) and how the booked shipment names it (`BookedLabel.service`). */
export type PakettikauppaProduct = { code: string; service: string };
export const POSTI_RETURN: PakettikauppaProduct = { code: POSTI_RETURN_PRODUCT, service: `${POSTI_RETURN_PRODUCT} Palautus` };
/** Posti's home/pickup-point parcel (Postipaketti, 2103): delivered to the recipient's nearest pickup point. */
export const POSTI_PARCEL: PakettikauppaProduct = { code: '2103', service: '2103 Postipaketti' };
/** A shipment to book: a return asks for the label-free code when the customer chose it; the shop's parcel never does. */
type PakettikauppaShipment = ShipmentBookingRequest & { printerless?: boolean };
/** Additional service "Label code": a code to send the parcel without printing the label. */
const LABEL_CODE_SERVICE = '9902';
/** Pakettikauppa wants a weight; a typical returned garment parcel when the shop gives none. */
const DEFAULT_WEIGHT_KG = 1;

export type PakettikauppaCredentials = { baseUrl: string; account: string; secret: string; timeoutMs: number };

/** `Routing.Key` of a Prinetti request: md5(account . id . secret), as the documentation's PHP example computes it. */
export function routingKey(account: string, id: string, secret: string): string {
  return createHash('md5').update(`${account}${id}${secret}`).digest('hex');
}

/** The `hash` of a form request: HMAC-SHA256 over the values sorted by their keys, joined by `&`. */
export function formHash(params: Record<string, string>, secret: string): string {
  const message = Object.keys(params)
    .sort()
    .map((k) => params[k])
    .join('&');
  return createHmac('sha256', secret).update(message).digest('hex');
}

const escapeXml = (v: string) => v.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
const unescapeXml = (v: string) =>
  v
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');

type Node = [name: string, value: string | null | undefined | Node[]];
function xml(nodes: Node[], indent = '  '): string {
  return nodes
    .filter(([, v]) => v !== null && v !== undefined && v !== '')
    .map(([name, v]) => (Array.isArray(v) ? `${indent}<${name}>\n${xml(v, `${indent}  `)}\n${indent}</${name}>` : `${indent}<${name}>${escapeXml(String(v))}</${name}>`))
    .join('\n');
}

/** YYYYMMDDHHMMSS in Finnish time (the documentation's `Routing.Time`). */
function routingTime(now: Date): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Helsinki', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' })
      .formatToParts(now)
      .map((p) => [p.type, p.value]),
  );
  return `${parts.year}${parts.month}${parts.day}${parts.hour}${parts.minute}${parts.second}`;
}

function routing(creds: PakettikauppaCredentials, now: Date): Node {
  const id = `${now.getTime()}${String(randomInt(1000)).padStart(3, '0')}`;
  return [
    'ROUTING',
    [
      ['Routing.Account', creds.account],
      ['Routing.Key', routingKey(creds.account, id, creds.secret)],
      ['Routing.Id', id],
      ['Routing.Name', 'Paluu'],
      ['Routing.Time', routingTime(now)],
    ],
  ];
}

/** `Consignment.Reference` is numeric: the digits of the RMA (`R-10001` → `10001`). */
const numericReference = (rma: string) => rma.replace(/\D/g, '') || '0';

/** The create-shipment document of one parcel from `sender` to `recipient` with the carrier's product (a return's or an ordinary parcel's). */
export function createShipmentXml(request: PakettikauppaShipment, creds: PakettikauppaCredentials, productCode: string, now = new Date()): string {
  const s = request.sender;
  const r = request.recipient;
  const body = xml([
    routing(creds, now),
    [
      'Shipment',
      [
        [
          'Shipment.Sender',
          [
            ['Sender.Name1', s.name],
            ['Sender.Addr1', s.line1],
            ['Sender.Addr2', s.line2],
            ['Sender.Postcode', s.postalCode],
            ['Sender.City', s.city],
            ['Sender.Country', s.country],
            ['Sender.Phone', s.phone],
          ],
        ],
        [
          'Shipment.Recipient',
          [
            ['Recipient.Name1', r.name],
            ['Recipient.Addr1', r.line1],
            ['Recipient.Addr2', r.line2],
            ['Recipient.Postcode', r.postalCode],
            ['Recipient.City', r.city],
            ['Recipient.Country', r.country],
            ['Recipient.Phone', r.phone],
            ['Recipient.Email', r.email],
          ],
        ],
        [
          'Shipment.Consignment',
          [
            ['Consignment.Reference', numericReference(request.reference)],
            ['Consignment.Product', productCode],
            ...(request.printerless ? ([['Consignment.AdditionalService', [['AdditionalService.ServiceCode', LABEL_CODE_SERVICE]]]] as Node[]) : []),
            [
              'Consignment.Parcel',
              [
                ['Parcel.Packagetype', 'PC'],
                ['Parcel.Weight', String(request.weightKg ?? DEFAULT_WEIGHT_KG)],
                ['Parcel.Contents', request.contents],
              ],
            ],
          ],
        ],
      ],
    ],
  ]);
  return `<?xml version="1.0" encoding="UTF-8"?>\n<eChannel>\n${body}\n</eChannel>\n`;
}

export function getLabelXml(reference: string, trackingCode: string, creds: PakettikauppaCredentials, now = new Date()): string {
  const body = xml([
    routing(creds, now),
    [
      'PrintLabel',
      [
        ['Reference', reference],
        ['TrackingCode', trackingCode],
      ],
    ],
  ]);
  return `<?xml version="1.0" encoding="UTF-8"?>\n<eChannel>\n${body.replace('<PrintLabel>', '<PrintLabel responseFormat="File">')}\n</eChannel>\n`;
}

function element(doc: string, name: string): { attrs: Record<string, string>; text: string } | null {
  const m = new RegExp(`<${name.replace(/\./g, '\\.')}(\\s[^>]*)?>([^<]*)</${name.replace(/\./g, '\\.')}>`).exec(doc);
  if (!m) return null;
  const attrs: Record<string, string> = {};
  for (const a of (m[1] ?? '').matchAll(/([A-Za-z_:][\w.:-]*)="([^"]*)"/g)) attrs[a[1]!] = unescapeXml(a[2]!);
  return { attrs, text: unescapeXml(m[2]!.trim()) };
}

/** A Prinetti `Response`: status 0 or a CarrierBookingError with Pakettikauppa's status and message. */
function checkResponse(doc: string, what: string): void {
  const status = element(doc, 'response.status');
  if (!status) throw new CarrierBookingError(`Pakettikauppa ${what}: not a Prinetti response`);
  if (status.text !== '0') throw new CarrierBookingError(`Pakettikauppa ${what}: status ${status.text} ${element(doc, 'response.message')?.text ?? ''}`.trim());
}

export type CreatedShipment = { trackingCode: string; labelCode: string | null; reference: string; shipmentUuid: string | null };

export function parseCreateShipmentResponse(doc: string): CreatedShipment {
  checkResponse(doc, 'create-shipment');
  const code = element(doc, 'response.trackingcode');
  const reference = element(doc, 'response.reference');
  if (!code?.text || !reference) throw new CarrierBookingError('Pakettikauppa create-shipment: no tracking code in the answer');
  return { trackingCode: code.text, labelCode: code.attrs.labelcode || null, reference: reference.text, shipmentUuid: reference.attrs.uuid ?? null };
}

export function parseLabelResponse(doc: string): Uint8Array {
  checkResponse(doc, 'get-shipping-label');
  const file = element(doc, 'response.file');
  if (!file?.text) throw new CarrierBookingError('Pakettikauppa get-shipping-label: no file in the answer');
  return new Uint8Array(Buffer.from(file.text, 'base64'));
}

async function post(creds: PakettikauppaCredentials, path: string, body: string, contentType: string): Promise<{ status: number; text: string }> {
  const res = await fetch(`${creds.baseUrl.replace(/\/+$/, '')}${path}`, {
    method: 'POST',
    headers: { 'content-type': contentType, accept: contentType.startsWith('text/xml') ? 'text/xml' : 'application/json' },
    body,
    signal: AbortSignal.timeout(creds.timeoutMs),
    redirect: 'error',
  });
  return { status: res.status, text: await res.text() };
}

/** Where a Pakettikauppa label is fetched again: get-shipping-label names the shipment by reference and tracking code. */
export const pakettikauppaLabelSource = (shipment: Pick<CreatedShipment, 'reference' | 'trackingCode'>) => JSON.stringify({ reference: shipment.reference, trackingCode: shipment.trackingCode });

/** The PDF label of a created shipment (get-shipping-label). */
export async function fetchPakettikauppaLabel(labelSource: string, creds: PakettikauppaCredentials): Promise<Uint8Array> {
  let shipment: { reference?: unknown; trackingCode?: unknown };
  try {
    shipment = JSON.parse(labelSource) as typeof shipment;
  } catch {
    throw new CarrierBookingError('Pakettikauppa get-shipping-label: not a label source of this client');
  }
  if (typeof shipment.reference !== 'string' || typeof shipment.trackingCode !== 'string') throw new CarrierBookingError('Pakettikauppa get-shipping-label: not a label source of this client');
  let label: { status: number; text: string };
  try {
    label = await post(creds, '/prinetti/get-shipping-label', getLabelXml(shipment.reference, shipment.trackingCode, creds), 'text/xml; charset=utf-8');
  } catch (e) {
    throw new CarrierBookingError(`Pakettikauppa get-shipping-label: unreachable (${e instanceof Error ? e.message : String(e)})`);
  }
  if (label.status < 200 || label.status >= 300) throw new CarrierBookingError(`Pakettikauppa get-shipping-label: HTTP ${label.status}`, label.status);
  return parseLabelResponse(label.text);
}

/**
 * Books a parcel through Pakettikauppa with the carrier's product (a return product, or an ordinary parcel for one
 * the shop sends) and fetches its label (kept as `labelSource` to fetch again when that fails).
 */
export async function bookWithPakettikauppa(request: PakettikauppaShipment, creds: PakettikauppaCredentials, product: PakettikauppaProduct): Promise<BookedLabel> {
  let created: { status: number; text: string };
  try {
    created = await post(creds, '/prinetti/create-shipment', createShipmentXml(request, creds, product.code), 'text/xml; charset=utf-8');
  } catch (e) {
    throw bookingCallFailed('Pakettikauppa create-shipment', e);
  }
  if (created.status < 200 || created.status >= 300) throw new CarrierBookingError(`Pakettikauppa create-shipment: HTTP ${created.status}`, created.status);
  const shipment = parseCreateShipmentResponse(created.text);
  const labelSource = pakettikauppaLabelSource(shipment);
  const booked = {
    trackingNumber: shipment.trackingCode,
    service: product.service,
    zpl: null,
    printerlessCode: request.printerless === true ? shipment.labelCode : null,
    carrierReference: shipment.shipmentUuid ?? shipment.reference,
    bookedVia: 'pakettikauppa',
    labelSource,
  };
  // The shipment exists at the carrier from here on: a failed label call must not lose it.
  try {
    return { ...booked, pdf: await fetchPakettikauppaLabel(labelSource, creds) };
  } catch (e) {
    return { ...booked, pdf: null, labelError: e instanceof Error ? e.message : String(e) };
  }
}

/** "Get information about shipping method" for the return product: a signed call that needs valid credentials. */
export async function testPakettikauppa(creds: PakettikauppaCredentials, productCode = POSTI_RETURN_PRODUCT, now = new Date()): Promise<ConnectionResult> {
  const params: Record<string, string> = { api_key: creds.account, shipping_method_code: productCode, timestamp: String(Math.floor(now.getTime() / 1000)) };
  params.hash = formHash(params, creds.secret);
  let res: { status: number; text: string };
  try {
    res = await post(creds, '/shipping-methods/get', new URLSearchParams(params).toString(), 'application/x-www-form-urlencoded');
  } catch {
    return connectionResultOf('unreachable');
  }
  let code: unknown;
  try {
    code = (JSON.parse(res.text) as { shipping_method_code?: unknown })?.shipping_method_code;
  } catch {
    // Not JSON: not Pakettikauppa's answer.
  }
  return connectionResultOf({ status: res.status, looksRight: typeof code === 'number' || typeof code === 'string' });
}
