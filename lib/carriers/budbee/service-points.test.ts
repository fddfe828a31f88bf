/**
 * Budbee Box lockers (issue #14): the parser against the Box API answer an independent client's tests hold
 * (fixtures/SOURCES.md; expected values read off the document by hand), the client against a local server that
 * answers as Budbee's API reference describes, and the search route and cache picking Budbee up.
 */
import { readFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import { and, eq } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { servicePointCache } from '@/db/schema';
import { testDb } from '@/test/db';
import { type LocalHttp, startLocalHttp } from '@/test/local-http';
import { GET } from '@/app/api/service-points/route';
import { CarrierFormatError } from '../carrier';
import { findServicePoints, hasServicePoints } from '../find-service-points';
import type { ServicePoint } from '../service-point';
import { budbeeWeek, parseBudbeeServicePoints } from './service-points';

const db = testDb();
const answer = readFileSync(path.resolve(__dirname, '../../../fixtures/carriers/budbee/service-points-boxes-by-postal-code.json'), 'utf8');

const servers: LocalHttp[] = [];
afterAll(() => Promise.all(servers.map((s) => s.close())));

type Seen = { method: string; path: string; headers: IncomingMessage['headers'] };
/** A local stand-in for Budbee's API (test/local-http.ts): records each request and answers with `handle`. */
async function fakeBudbee(handle: (seen: Seen, res: ServerResponse) => void): Promise<{ base: string; seen: Seen[] }> {
  const seen: Seen[] = [];
  const server = await startLocalHttp(async (req, res) => {
    const s = { method: req.method ?? '', path: new URL(req.url ?? '/', 'http://localhost').pathname, headers: req.headers };
    seen.push(s);
    handle(s, res);
  });
  servers.push(server);
  return { base: server.url, seen };
}
const send = (res: ServerResponse, status: number, body: string) => {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(body);
};
const uniquePostal = () => String(10000 + Math.floor(Math.random() * 89999));
const BASIC = `Basic ${Buffer.from('bb-key:bb-secret').toString('base64')}`;
const env = (base: string) => ({
  PALUU_CARRIER_BUDBEE_SERVICE_POINTS_API_KEY: 'bb-key',
  PALUU_CARRIER_BUDBEE_SERVICE_POINTS_SECRET: 'bb-secret',
  PALUU_CARRIER_BUDBEE_SERVICE_POINTS_URL: base,
});
/** Answers as Budbee's API reference describes: Basic auth checked (401 otherwise), lockers for one postal code, 404 for the rest. */
const budbeeLike = (servedPostal: string) => (s: Seen, res: ServerResponse) => {
  if (s.headers.authorization !== BASIC) return send(res, 401, '{"message":"Unauthorized"}');
  if (s.path === `/boxes/postalcodes/validate/SE/${servedPostal}`) return send(res, 200, answer);
  return send(res, 404, '{"message":"Not found"}');
};

describe('Budbee Box API, against the lockers answer in Setono/budbee-php-sdk’s tests', () => {
  it('reads the locker’s id, name, address, coordinates, distance and week', () => {
    const points = parseBudbeeServicePoints(answer, 'SE');
    expect(points).toHaveLength(1);
    // "id": "BOX0001", "name": "Budbee Kontorsbox", Alströmergatan 39, 11247 Stockholm, SE, 59.336125 / 18.028590, "distance": 50
    expect(points[0]).toMatchObject({
      carrier: 'budbee',
      id: 'BOX0001',
      name: 'Budbee Kontorsbox',
      address: { street: 'Alströmergatan 39', postalCode: '11247', city: 'Stockholm', country: 'SE' },
      coordinates: { lat: 59.336125, lng: 18.02859 },
      distanceMeters: 50,
      type: 'locker',
    });
    const week = points[0]!.hours!;
    // MONDAY–THURSDAY 08:00–19:00; FRIDAY open 00:00 with "close": null ("Fredag: Öppet dygnet runt"); SATURDAY 10:00–15:00; no SUNDAY ("Söndag: Stängt")
    for (const day of [0, 1, 2, 3]) expect(week[day]).toEqual([{ open: '08:00', close: '19:00' }]);
    expect(week[4]).toEqual([{ open: '00:00', close: '24:00' }]);
    expect(week[5]).toEqual([{ open: '10:00', close: '15:00' }]);
    expect(week[6]).toEqual([]);
    expect(points[0]!.hoursText).toBe(
      'Måndag: 08 – 19, Tisdag: 08 – 19, Onsdag: 08 – 19, Torsdag: 08 – 19, Fredag: Öppet dygnet runt, Lördag: 10 – 15, Söndag: Stängt',
    );
  });

  it('a period closing the next day runs to midnight and on from midnight; no readable period gives no table', () => {
    const week = budbeeWeek([{ open: { day: 'SATURDAY', time: '20:00' }, close: { day: 'SUNDAY', time: '02:00' } }])!;
    expect(week[5]).toEqual([{ open: '20:00', close: '24:00' }]);
    expect(week[6]).toEqual([{ open: '00:00', close: '02:00' }]);
    expect(budbeeWeek([])).toBeNull();
    expect(budbeeWeek([{ open: { day: 'SOMEDAY', time: '08:00' }, close: null }])).toBeNull();
  });

  it('an empty lockers list is no points; a document without a lockers list is a format error', () => {
    expect(parseBudbeeServicePoints('{"lockers":[]}', 'SE')).toEqual([]);
    expect(() => parseBudbeeServicePoints('{"postalCode":"11247"}', 'SE')).toThrow(CarrierFormatError);
    expect(() => parseBudbeeServicePoints('<html>', 'SE')).toThrow(CarrierFormatError);
  });

  it('the client asks /boxes/postalcodes/validate/{country}/{postalCode} with Basic auth and Budbee’s media type; the answer is cached', async () => {
    const postal = uniquePostal();
    const api = await fakeBudbee(budbeeLike(postal));
    const result = await findServicePoints(db, 'budbee', { postalCode: postal, countryCode: 'se', limit: 5 }, { env: env(api.base) });
    expect(api.seen).toHaveLength(1);
    expect(api.seen[0]).toMatchObject({ method: 'GET', path: `/boxes/postalcodes/validate/SE/${postal}` });
    expect(api.seen[0]!.headers.authorization).toBe(BASIC);
    expect(api.seen[0]!.headers.accept).toBe('application/vnd.budbee.boxes-v1+json');
    expect(result).toMatchObject({ source: 'live', demo: false });
    expect(result.points.map((p) => p.name)).toEqual(['Budbee Kontorsbox']);
    const [row] = await db.select().from(servicePointCache).where(and(eq(servicePointCache.carrier, 'budbee'), eq(servicePointCache.postalCode, postal)));
    expect((row!.points as ServicePoint[]).map((p) => p.id)).toEqual(['BOX0001']);
  });

  it('a postal code Budbee does not serve (404) is an empty list, not a failure', async () => {
    const api = await fakeBudbee(budbeeLike('11247'));
    const result = await findServicePoints(db, 'budbee', { postalCode: uniquePostal(), countryCode: 'SE', limit: 5 }, { env: env(api.base) });
    expect(api.seen).toHaveLength(1);
    expect(result).toMatchObject({ source: 'live', points: [] });
  });

  it('refused credentials (401): no live points and nothing cached; without credentials Budbee is not asked', async () => {
    const postal = uniquePostal();
    const api = await fakeBudbee(budbeeLike(postal));
    const refused = await findServicePoints(
      db,
      'budbee',
      { postalCode: postal, countryCode: 'SE', limit: 5 },
      { env: { ...env(api.base), PALUU_CARRIER_BUDBEE_SERVICE_POINTS_SECRET: 'wrong' } },
    );
    expect(api.seen).toHaveLength(1);
    expect(refused).toEqual({ points: [], source: 'none', demo: false, fetchedAt: null });
    expect(await db.select().from(servicePointCache).where(and(eq(servicePointCache.carrier, 'budbee'), eq(servicePointCache.postalCode, postal)))).toEqual([]);
    const noCredentials = await findServicePoints(db, 'budbee', { postalCode: postal, countryCode: 'SE', limit: 5 }, { env: { PALUU_CARRIER_BUDBEE_SERVICE_POINTS_URL: api.base } });
    expect(noCredentials.source).toBe('none');
    expect(api.seen).toHaveLength(1);
  });
});

describe('the wizard’s search picks Budbee up', () => {
  it('Budbee offers service points, and GET /api/service-points answers its cached lockers', async () => {
    expect(hasServicePoints('budbee')).toBe(true);
    const point: ServicePoint = {
      carrier: 'budbee', id: 'demo-budbee-route-1', name: 'Demo Budbee box 1', address: { street: 'Demo street 1', postalCode: '2100', city: 'København Ø', country: 'DK' },
      coordinates: null, distanceMeters: 400, hours: null, hoursText: null, type: 'locker',
    };
    await db
      .insert(servicePointCache)
      .values({ carrier: 'budbee', country: 'DK', postalCode: '2100', points: [point], demo: true, fetchedAt: new Date() })
      .onConflictDoUpdate({ target: [servicePointCache.carrier, servicePointCache.country, servicePointCache.postalCode], set: { points: [point], demo: true } });
    const res = await GET(new Request('http://localhost/api/service-points?carrier=budbee&country=DK&postalCode=2100', { headers: { 'x-paluu-client-ip': '10.88.1.1' } }));
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.demo).toBe(true);
    expect(body.points.map((p: ServicePoint) => [p.name, p.type])).toEqual([['Demo Budbee box 1', 'locker']]);
  });
});
