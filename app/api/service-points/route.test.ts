import { describe, expect, it } from 'vitest';
import { getDb } from '@/db';
import { servicePointCache } from '@/db/schema';
import type { ServicePoint } from '@/lib/carriers/service-point';
import { GET } from './route';

const call = (query: string, ip = `10.9.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}`, headers: Record<string, string> = {}) =>
  GET(new Request(`http://localhost/api/service-points?${query}`, { headers: { 'x-paluu-client-ip': ip, ...headers } }));

describe('GET /api/service-points', () => {
  it('a bad postal code is a 422 with a message in the asked language (or the browser’s)', async () => {
    const fi = await call('carrier=posti&country=FI&postalCode=123&locale=fi');
    expect(fi.status).toBe(422);
    const body = await fi.json();
    expect(body.error.message).toBe('Anna kelvollinen postinumero, esimerkiksi 00100.');
    expect(body.error.details.fields.postalCode).toBeDefined();
    const sv = await call('carrier=postnord&country=SE&postalCode=abcde', undefined, { 'accept-language': 'sv-SE,sv;q=0.9' });
    expect(sv.status).toBe(422);
    expect((await sv.json()).error.message).toBe('Ange ett giltigt postnummer, till exempel 114 55.');
  });

  it('a carrier without a service-point API or an unknown country is a 422, never a 500', async () => {
    for (const q of ['carrier=instabox&country=FI&postalCode=00100', 'carrier=bring&country=DE&postalCode=10115', 'carrier=&country=&postalCode=', 'carrier=bring&country=NO&postalCode=' + '9'.repeat(40)]) {
      const res = await call(`${q}&locale=en`);
      expect(res.status, q).toBe(422);
      expect((await res.json()).error.code).toBe('invalid_input');
    }
  });

  it('answers the cached points with the demo flag; a Swedish code with a space is accepted', async () => {
    const point: ServicePoint = {
      carrier: 'postnord', id: 'demo-route-1', name: 'Demo ombud', address: { street: 'Demogatan 1', postalCode: '11455', city: 'Stockholm', country: 'SE' },
      coordinates: null, distanceMeters: 250, hours: null, hoursText: null, type: 'pickup',
    };
    await getDb()
      .insert(servicePointCache)
      .values({ carrier: 'postnord', country: 'SE', postalCode: '11455', points: [point], demo: true, fetchedAt: new Date() })
      .onConflictDoUpdate({ target: [servicePointCache.carrier, servicePointCache.country, servicePointCache.postalCode], set: { points: [point], demo: true } });
    const res = await call('carrier=postnord&country=se&postalCode=114%2055');
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.demo).toBe(true);
    expect(body.points.map((p: ServicePoint) => p.name)).toEqual(['Demo ombud']);
  });

  it('DHL is searched too (its Location Finder): carrier=dhl answers its cached points', async () => {
    const point: ServicePoint = {
      carrier: 'dhl', id: '8007-453113145', name: 'DHL Packstation 145', address: { street: 'Charles-de-Gaulle-Str. 20', postalCode: '53113', city: 'Bonn', country: 'DE' },
      coordinates: { lat: 50.715672, lng: 7.1295047 }, distanceMeters: 52, hours: null, hoursText: null, type: 'locker',
    };
    await getDb()
      .insert(servicePointCache)
      .values({ carrier: 'dhl', country: 'FI', postalCode: '00990', points: [point], demo: false, fetchedAt: new Date() })
      .onConflictDoUpdate({ target: [servicePointCache.carrier, servicePointCache.country, servicePointCache.postalCode], set: { points: [point], demo: false, fetchedAt: new Date() } });
    const res = await call('carrier=dhl&country=FI&postalCode=00990&locale=fi');
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body).toMatchObject({ source: 'cache', demo: false });
    expect(body.points.map((p: ServicePoint) => [p.id, p.type, p.distanceMeters])).toEqual([['8007-453113145', 'locker', 52]]);
  });

  it('30 searches a minute per client: of 40 parallel searches from one address, 30 pass and the rest get 429 with Retry-After', async () => {
    const ip = '10.77.1.1';
    const results = await Promise.all(Array.from({ length: 40 }, () => call('carrier=bring&country=NO&postalCode=0150&locale=nb', ip)));
    const statuses = results.map((r) => r.status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(30);
    const limited = results.filter((r) => r.status === 429);
    expect(limited).toHaveLength(10);
    expect(Number(limited[0]!.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await limited[0]!.json()).error.message).toBe('For mange søk. Prøv igjen om et minutt.');
    // Another address is not affected.
    expect((await call('carrier=bring&country=NO&postalCode=0150', '10.77.1.2')).status).toBe(200);
  });
});
