import { createHash, createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { type LocalHttp, startLocalHttp } from './local-http';
import { xmlLeaves } from './xml-paths';

/** The documentation's test credentials ("Environments → Testing"). */
export const PAKETTIKAUPPA_ACCOUNT = '00000000-0000-0000-0000-000000000000';
export const PAKETTIKAUPPA_SECRET = '1234567890ABCDEF';

const fixture = (name: string) => readFileSync(path.resolve(import.meta.dirname, '../fixtures/carriers/posti', name), 'utf8');

export type PakettikauppaStandIn = {
  http: LocalHttp;
  base: string;
  requests: Array<{ path: string; contentType: string; body: string }>;
  /** What create-shipment answers instead of the documentation's example (an error status), or null. */
  createAnswer: string | null;
};

/**
 * A local Pakettikauppa that follows its public API documentation (Posti's and Matkahuolto's returns book through
 * it): it checks each call's authentication as documented and answers with the documentation's examples
 * (fixtures/carriers/posti, fixtures/SOURCES.md).
 */
export async function startPakettikauppa(): Promise<PakettikauppaStandIn> {
  const fake: PakettikauppaStandIn = { http: null as unknown as LocalHttp, base: '', requests: [], createAnswer: null };
  fake.http = await startLocalHttp(
    async (req, res, body) => {
      fake.requests.push({ path: req.url ?? '', contentType: req.headers['content-type'] ?? '', body });
      const xmlAnswer = (status: number, doc: string) => {
        res.writeHead(status, { 'content-type': 'text/xml' });
        res.end(doc);
      };
      if (req.url === '/prinetti/create-shipment' || req.url === '/prinetti/get-shipping-label') {
        // Routing.Key = md5(Routing.Account . Routing.Id . secret) (the documentation's PHP example).
        const l = xmlLeaves(body);
        const key = createHash('md5')
          .update(`${l.get('eChannel/ROUTING/Routing.Account')}${l.get('eChannel/ROUTING/Routing.Id') ?? ''}${PAKETTIKAUPPA_SECRET}`)
          .digest('hex');
        if (!/^text\/xml/.test(req.headers['content-type'] ?? '') || l.get('eChannel/ROUTING/Routing.Key') !== key) return xmlAnswer(401, '');
        if (req.url === '/prinetti/create-shipment') return xmlAnswer(200, fake.createAnswer ?? fixture('booking-pakettikauppa-create-shipment-response.xml'));
        return xmlAnswer(200, fixture('booking-pakettikauppa-get-label-response.xml'));
      }
      if (req.url === '/shipping-methods/get') {
        // hash = HMAC-SHA256 over the parameter values sorted by key, joined by '&' ("Request Authentication").
        const { hash, ...rest } = Object.fromEntries(new URLSearchParams(body));
        const expected = createHmac('sha256', PAKETTIKAUPPA_SECRET)
          .update(
            Object.keys(rest)
              .sort()
              .map((k) => rest[k])
              .join('&'),
          )
          .digest('hex');
        if (rest.api_key !== PAKETTIKAUPPA_ACCOUNT || hash !== expected) {
          res.writeHead(401, { 'content-type': 'application/json' });
          return res.end('{"success":false}');
        }
        res.writeHead(200, { 'content-type': 'application/json' });
        return res.end(fixture('booking-pakettikauppa-shipping-method.json'));
      }
    },
  );
  fake.base = fake.http.url;
  return fake;
}

/** A refused create-shipment. The documentation publishes no error answer: this is its Response element table (response.status, response.message) with a listed code. */
export const PAKETTIKAUPPA_REFUSAL = '<?xml version="1.0" encoding="UTF-8"?>\n<Response>\n    <response.status>240</response.status>\n    <response.message>System failure</response.message>\n</Response>\n';

/** The stand-in as test/outbound-booking.ts reads it: the create-shipment documents it got, and its answer. */
export function pakettikauppaOutbound(fake: PakettikauppaStandIn) {
  const creates = () => fake.requests.filter((r) => r.path === '/prinetti/create-shipment');
  return {
    bookings: () => creates().length,
    lastBooking: () => {
      const l = xmlLeaves(creates().at(-1)!.body);
      const get = (p: string) => xmlText(l.get(`eChannel/Shipment/${p}`) ?? '');
      return {
        product: get('Shipment.Consignment/Consignment.Product'),
        sender: { name: get('Shipment.Sender/Sender.Name1'), postalCode: get('Shipment.Sender/Sender.Postcode') },
        recipient: { name: get('Shipment.Recipient/Recipient.Name1'), postalCode: get('Shipment.Recipient/Recipient.Postcode') },
        reference: get('Shipment.Consignment/Consignment.Reference'),
      };
    },
    answer: (outcome: { trackingNumber: string } | 'refused' | null) => {
      if (outcome === null) fake.createAnswer = null;
      else if (outcome === 'refused') fake.createAnswer = PAKETTIKAUPPA_REFUSAL;
      else fake.createAnswer = fixture('booking-pakettikauppa-create-shipment-response.xml').replace('JJFI64574900000202361', outcome.trackingNumber);
    },
  };
}

/** The PDF of the documentation's get-shipping-label answer, as the client stores it. */
export const PAKETTIKAUPPA_EXAMPLE_LABEL = Buffer.from(/<response\.file[^>]*>([^<]+)</.exec(fixture('booking-pakettikauppa-get-label-response.xml'))![1]!.trim(), 'base64');

/** An element's text as written, its entities decoded (`Kuusi &amp; Koivu` → `Kuusi & Koivu`). */
export const xmlText = (raw: string) =>
  raw
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');
