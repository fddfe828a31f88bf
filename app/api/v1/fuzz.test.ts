import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { call, newKey, newOrderNumber, newTrackingNumber, orderBody } from '@/test/api-client';
import * as orderRoute from './orders/[orderNumber]/route';
import * as shipmentsRoute from './orders/[orderNumber]/shipments/route';
import * as linksRoute from './orders/[orderNumber]/tracking-links/route';
import * as returnRoute from './returns/[rma]/route';
import * as returnsRoute from './returns/route';
import * as eventsRoute from './tracking-events/route';
import * as variantRoute from './variants/[sku]/route';

type Handler = Parameters<typeof call>[0];

/** Nasty JSON: deep nesting, huge and odd numbers, long and odd strings, wrong types. */
const nastyLeaf = fc.oneof(
  fc.constantFrom(null, true, false, 0, -1, 1e308, -1e308, 2 ** 53 + 1, 2 ** 31, 1.5, '', ' ', '0', 'null', '-1', '1e999', '2026-02-30T25:61:00Z', '9999-12-31', '\u0000', '💥'.repeat(200), 'x'.repeat(5000)),
  fc.string(),
  fc.integer(),
  fc.double(),
);
const nastyValue = fc.oneof(nastyLeaf, fc.jsonValue({ maxDepth: 6 }), fc.array(nastyLeaf, { maxLength: 600 }));
/** Deeply nested JSON text (kept as text: fast-check cannot print a 100k-deep value). */
function deepJson(depth: number): string {
  return '{"a":['.repeat(depth) + '1' + ']}'.repeat(depth);
}

/** Every path in a JSON value, so a valid body can be broken in one place at a time. */
function paths(value: unknown, prefix: Array<string | number> = []): Array<Array<string | number>> {
  if (Array.isArray(value)) return [prefix, ...value.flatMap((v, i) => paths(v, [...prefix, i]))];
  if (value && typeof value === 'object') return [prefix, ...Object.entries(value).flatMap(([k, v]) => paths(v, [...prefix, k]))];
  return [prefix];
}
function replaceAt(value: unknown, path: Array<string | number>, next: unknown): unknown {
  if (path.length === 0) return next;
  const copy: any = Array.isArray(value) ? [...value] : { ...(value as object) }; // eslint-disable-line @typescript-eslint/no-explicit-any
  copy[path[0]!] = replaceAt(copy[path[0]!], path.slice(1), next);
  return copy;
}

type Endpoint = { name: string; handler: Handler; method: string; params: () => Record<string, string>; valid: () => unknown };

let orderNumber = '';
const endpoints: Endpoint[] = [
  { name: 'PUT order', handler: orderRoute.PUT, method: 'PUT', params: () => ({ orderNumber: newOrderNumber() }), valid: () => orderBody() },
  { name: 'GET order', handler: orderRoute.GET, method: 'GET', params: () => ({ orderNumber }), valid: () => undefined },
  {
    name: 'POST shipment',
    handler: shipmentsRoute.POST,
    method: 'POST',
    params: () => ({ orderNumber }),
    valid: () => ({ carrier: 'posti', trackingNumber: newTrackingNumber(), lines: [{ sku: 'SOCKS-39', quantity: 1 }], shippedAt: '2026-11-21T08:00:00Z', promisedDate: '2026-11-25', pickupPoint: { name: 'K-Market' } }),
  },
  {
    name: 'POST tracking-events',
    handler: eventsRoute.POST,
    method: 'POST',
    params: () => ({}),
    valid: () => ({ events: [{ carrier: 'posti', trackingNumber: newTrackingNumber(), eventId: 'e1', code: '22', status: 'in_transit', subStatus: 'customs', description: 'x', location: 'Vantaa', occurredAt: '2026-11-21T08:00:00Z' }] }),
  },
  { name: 'POST tracking-links', handler: linksRoute.POST, method: 'POST', params: () => ({ orderNumber }), valid: () => ({ ttlDays: 10 }) },
  {
    name: 'PUT variant',
    handler: variantRoute.PUT,
    method: 'PUT',
    params: () => ({ sku: `FZ-${newOrderNumber()}` }),
    valid: () => ({ productKey: 'p', title: 'T', options: { size: 'M' }, price: 100, stock: 1 }),
  },
  { name: 'GET returns', handler: returnsRoute.GET, method: 'GET', params: () => ({}), valid: () => undefined },
  { name: 'GET return', handler: returnRoute.GET, method: 'GET', params: () => ({ rma: 'R-10001' }), valid: () => undefined },
];

describe('merchant API never answers 5xx', () => {
  for (const endpoint of endpoints) {
    it(`${endpoint.name}: random bodies, broken valid bodies, random params and query strings → status < 500`, async () => {
      const { key } = await newKey();
      // Hundreds of requests from one key: the per-key limit is not what this test is about.
      process.env.API_RATE_LIMIT_PER_MINUTE = '100000';
      if (!orderNumber) {
        orderNumber = newOrderNumber();
        const res = await call(orderRoute.PUT, { key, method: 'PUT', body: orderBody({ lines: [{ sku: 'SOCKS-39', title: 'Socks', quantity: 100_000, unitPrice: 1 }] }), params: { orderNumber } });
        expect(res.status).toBe(201);
      }
      await fc.assert(
        fc.asyncProperty(
          fc.oneof(
            nastyValue.map((v) => ({ kind: 'random', body: v as unknown })),
            fc.tuple(fc.nat(), nastyValue).map(([index, v]) => {
              const valid = endpoint.valid();
              const all = paths(valid);
              return { kind: 'mutated', body: valid === undefined ? v : replaceAt(valid, all[index % all.length]!, v) };
            }),
            fc.string({ maxLength: 300 }).map((raw) => ({ kind: 'raw', body: raw })),
            fc.tuple(fc.nat(), fc.integer({ min: 100, max: 100_000 })).map(([index, depth]) => {
              const valid = endpoint.valid();
              const all = paths(valid);
              const text = JSON.stringify(valid === undefined ? '__DEEP__' : replaceAt(valid, all[index % all.length]!, '__DEEP__'));
              return { kind: 'raw', body: text.replace('"__DEEP__"', deepJson(depth)) };
            }),
          ),
          fc.dictionary(fc.constantFrom('status', 'updatedSince', 'limit', 'cursor', 'x'), fc.string({ maxLength: 40 })),
          fc.option(fc.string({ maxLength: 80 }), { nil: undefined }),
          async (input, query, paramOverride) => {
            const params = endpoint.params();
            if (paramOverride !== undefined) for (const name of Object.keys(params)) params[name] = paramOverride;
            const path = `/api/v1/fuzz?${new URLSearchParams(query)}`;
            const res =
              endpoint.method === 'GET'
                ? await call(endpoint.handler, { key, method: 'GET', params, path })
                : input.kind === 'raw'
                ? await call(endpoint.handler, { key, method: endpoint.method, rawBody: input.body as string, headers: { 'content-type': 'application/json' }, params, path })
                : await call(endpoint.handler, { key, method: endpoint.method, body: input.body, params, path });
            if (res.status >= 500) throw new Error(`${res.status} for ${JSON.stringify(input).slice(0, 300)}: ${JSON.stringify(res.json)}`);
            expect(res.json === null || typeof res.json === 'object').toBe(true);
            if (res.status >= 400) expect(res.json.error).toMatchObject({ code: expect.any(String), message: expect.any(String) });
          },
        ),
        { numRuns: 60 },
      );
    }, 120_000);
  }
});
