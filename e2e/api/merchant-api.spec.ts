import { createApiKey } from '../../lib/api-keys/create-api-key';
import { expect, test } from '../fixtures';

/** A merchant's system talks to the real server: order in, parcel out, carrier events in, status read back. */
test('a merchant pushes an order, a shipment and carrier events, and reads the derived status', async ({ request, db }) => {
  const { key } = await createApiKey({ db, actor: { type: 'system' } }, { name: `e2e-${Date.now()}` });
  const auth = { authorization: `Bearer ${key}` };
  const suffix = `${Date.now().toString(36)}${Math.floor(Math.random() * 1e6).toString(36)}`.toUpperCase();
  const orderNumber = `E2E-API-${suffix}`;
  const trackingNumber = `JJFI${suffix}`;

  const unauthenticated = await request.get(`/api/v1/orders/${orderNumber}`);
  expect(unauthenticated.status()).toBe(401);
  expect(unauthenticated.headers()['www-authenticate']).toMatch(/^Bearer/);

  const put = await request.put(`/api/v1/orders/${orderNumber}`, {
    headers: auth,
    data: {
      email: 'aino.asiakas@example.com',
      customerName: 'Aino Asiakas',
      locale: 'fi',
      currency: 'EUR',
      placedAt: '2026-11-20T09:00:00+02:00',
      shippingAddress: { name: 'Aino Asiakas', line1: 'Aleksanterinkatu 5', postalCode: '00100', city: 'Helsinki', country: 'FI' },
      lines: [{ sku: 'SCARF-GREY', title: 'Wool Scarf', quantity: 1, unitPrice: 3990 }],
      capturedAmount: 3990,
    },
  });
  expect(put.status()).toBe(201);

  const shipment = await request.post(`/api/v1/orders/${orderNumber}/shipments`, {
    headers: { ...auth, 'idempotency-key': `ship-${suffix}` },
    data: { carrier: 'posti', trackingNumber, lines: [{ sku: 'SCARF-GREY', quantity: 1 }] },
  });
  expect(shipment.status()).toBe(201);
  expect(await shipment.json()).toEqual({ id: expect.any(String), trackingUrl: `https://www.posti.fi/seuranta/${trackingNumber}` });

  // Out of order and with a duplicate: the parcel still ends up delivered, with three timeline rows.
  const events = [
    { carrier: 'posti', trackingNumber, status: 'delivered', description: 'Toimitettu', occurredAt: '2026-11-22T13:00:00+02:00' },
    { carrier: 'posti', trackingNumber, status: 'in_transit', description: 'Lajiteltu', location: 'Vantaa', occurredAt: '2026-11-21T07:00:00+02:00' },
    { carrier: 'posti', trackingNumber, status: 'out_for_delivery', description: 'Jakelussa', occurredAt: '2026-11-22T08:00:00+02:00' },
    { carrier: 'posti', trackingNumber, status: 'in_transit', description: 'Lajiteltu', location: 'Vantaa', occurredAt: '2026-11-21T07:00:00+02:00' },
  ];
  const posted = await request.post('/api/v1/tracking-events', { headers: auth, data: { events } });
  expect(posted.status()).toBe(200);
  expect(await posted.json()).toEqual({ accepted: 3, duplicates: 1, unmatched: 0 });

  const got = await request.get(`/api/v1/orders/${orderNumber}`, { headers: auth });
  expect(got.status()).toBe(200);
  const order = await got.json();
  expect(order.lines).toEqual([expect.objectContaining({ sku: 'SCARF-GREY', fulfilledQuantity: 1 })]);
  expect(order.shipments).toEqual([
    expect.objectContaining({ trackingNumber, carrier: 'posti', status: 'delivered', deliveredAt: '2026-11-22T11:00:00.000Z', firstScanAt: '2026-11-21T05:00:00.000Z' }),
  ]);

  const spec = await request.get('/api/v1/openapi.json');
  expect((await spec.json()).openapi).toBe('3.1.0');
});

/** Over real HTTP: a method a path lacks gets the API's JSON 405 with Allow, not Next.js's empty 405. */
test('a method a path does not have answers 405 in the error shape, with Allow', async ({ request, db }) => {
  const { key } = await createApiKey({ db, actor: { type: 'system' } }, { name: `e2e-405-${Date.now()}` });
  const auth = { authorization: `Bearer ${key}` };
  const deleted = await request.delete('/api/v1/orders/E2E-NOPE-1', { headers: auth });
  expect(deleted.status()).toBe(405);
  expect(deleted.headers()['allow']).toBe('GET, PUT, HEAD, OPTIONS');
  expect(deleted.headers()['content-type']).toMatch(/^application\/json/);
  expect(await deleted.json()).toEqual({ error: { code: 'method_not_allowed', message: expect.any(String), details: { allow: ['GET', 'PUT', 'HEAD', 'OPTIONS'] } } });

  const variant = await request.get('/api/v1/variants/ANY-SKU', { headers: auth });
  expect(variant.status()).toBe(405);
  expect(variant.headers()['allow']).toBe('PUT, OPTIONS');
  expect((await variant.json()).error.code).toBe('method_not_allowed');

  const options = await request.fetch('/api/v1/orders/E2E-NOPE-1', { method: 'OPTIONS' });
  expect(options.status()).toBe(204);
  expect(options.headers()['allow']).toBe('GET, PUT, HEAD, OPTIONS');
});
