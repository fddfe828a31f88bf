/**
 * Languages (issue #14): Bring (`lang`) and PostNord (`locale`) write event texts in several languages; the
 * poller asks for each parcel in its order's language, mapped to what the carrier offers (Finnish → English at
 * Bring, Norwegian Bokmål → `no`). Local servers record the query; settings come from env so this file never
 * writes the shared settings row, and `shipmentIds` keeps the run to this file's parcels.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { shipments } from '@/db/schema';
import type { Locale } from '@/lib/core/locales';
import { fixtureFor } from '@/test/carriers';
import { testDb } from '@/test/db';
import { createOrder } from '@/test/factories';
import { pollCarrier } from './poll-carrier';

const db = testDb();
const asked = new Map<string, string>(); // tracking number → language asked
let server: Server;

beforeAll(async () => {
  server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const number = url.searchParams.get('id') ?? url.searchParams.get('q') ?? '';
    asked.set(number, url.searchParams.get('locale') ?? url.searchParams.get('lang') ?? '(none)');
    const carrier = url.pathname.includes('trackandtrace') ? 'postnord' : 'bring';
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(fixtureFor(carrier, 'in_transit', number));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  vi.stubEnv('PALUU_CARRIER_POSTNORD_BASE_URL', base);
  vi.stubEnv('PALUU_CARRIER_POSTNORD_API_KEY', 'pn-key');
  vi.stubEnv('PALUU_CARRIER_POSTNORD_RATE_LIMIT_PER_MINUTE', '60000');
  vi.stubEnv('PALUU_CARRIER_BRING_BASE_URL', base);
  vi.stubEnv('PALUU_CARRIER_BRING_API_UID', 'paluu@example.com');
  vi.stubEnv('PALUU_CARRIER_BRING_API_KEY', 'bring-key');
  vi.stubEnv('PALUU_CARRIER_BRING_RATE_LIMIT_PER_MINUTE', '60000');
  vi.stubEnv('PALUU_CARRIER_BRING_RECONCILE_AFTER_MINUTES', '1');
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
  vi.unstubAllEnvs();
});

const LOCALES: Locale[] = ['fi', 'sv', 'en', 'da', 'nb'];

async function parcelsIn(carrier: 'postnord' | 'bring', prefix: string) {
  const made: Array<{ id: string; trackingNumber: string; locale: Locale }> = [];
  for (const locale of LOCALES) {
    const order = await createOrder(db, locale);
    const trackingNumber = `${prefix}${Date.now()}${Math.floor(Math.random() * 1e6)}${locale.toUpperCase()}`;
    const [row] = await db
      .insert(shipments)
      .values({ orderId: order.id, carrier, trackingNumber, status: 'in_transit', shippedAt: new Date(Date.now() - 2 * 86_400_000) })
      .returning();
    made.push({ id: row!.id, trackingNumber, locale });
  }
  return made;
}

describe('the poller asks in the order’s language', () => {
  it('PostNord: locale fi/sv/en/da/no from the order (fi, sv, en, da, nb)', async () => {
    const parcels = await parcelsIn('postnord', '00370712');
    const r = await pollCarrier(db, 'postnord', { shipmentIds: parcels.map((p) => p.id), maxParcels: 10_000 });
    expect(r.errors).toEqual([]);
    expect(Object.fromEntries(parcels.map((p) => [p.locale, asked.get(p.trackingNumber)]))).toEqual({ fi: 'fi', sv: 'sv', en: 'en', da: 'da', nb: 'no' });
  });

  it('Bring: lang no/sv/da/en from the order; Finnish, which Bring does not write, falls back to English', async () => {
    const parcels = await parcelsIn('bring', '70438199');
    const r = await pollCarrier(db, 'bring', { shipmentIds: parcels.map((p) => p.id), maxParcels: 10_000, now: new Date(Date.now() + 5 * 60_000) });
    expect(r.errors).toEqual([]);
    expect(Object.fromEntries(parcels.map((p) => [p.locale, asked.get(p.trackingNumber)]))).toEqual({ fi: 'en', sv: 'sv', en: 'en', da: 'da', nb: 'no' });
  });
});
