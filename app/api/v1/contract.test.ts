import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { orders, shipments, trackingEvents } from '@/db/schema';
import { storeInboxDelivery } from '@/lib/carriers/inbox';
import { processInbox } from '@/lib/carrier-inbox/process-inbox';
import { call, newKey, newOrderNumber, orderBody } from '@/test/api-client';
import { fixtureFor } from '@/test/carriers';
import { testDb, uniqueId } from '@/test/db';
import * as orderRoute from './orders/[orderNumber]/route';
import * as shipmentsRoute from './orders/[orderNumber]/shipments/route';
import * as eventsRoute from './tracking-events/route';

/** Findings of the outside review (issue #12): each test failed before its fix. */

async function putOrder(key: string, body: unknown, orderNumber = newOrderNumber()) {
  const res = await call(orderRoute.PUT, { key, method: 'PUT', body, params: { orderNumber }, path: `/api/v1/orders/${orderNumber}` });
  return { orderNumber, res };
}

function postShipment(key: string, orderNumber: string, body: unknown) {
  return call(shipmentsRoute.POST, { key, body, params: { orderNumber }, path: `/api/v1/orders/${orderNumber}/shipments` });
}

async function orderExists(orderNumber: string) {
  return (await testDb().select({ id: orders.id }).from(orders).where(eq(orders.orderNumber, orderNumber))).length > 0;
}

/** A Budbee-shaped token (letters and digits) the test owns. */
const token = () => `DUP${uniqueId('').replace(/\W/g, '').toUpperCase().slice(-12)}`;

describe('merchant API contract: shipments and tracking numbers', () => {
  it('a duplicate tracking number on one order answers 409 conflict (not 422), even when its lines would over-ship', async () => {
    const { key } = await newKey();
    const { orderNumber } = await putOrder(key, orderBody());
    const trackingNumber = token();
    const first = await postShipment(key, orderNumber, { carrier: 'budbee', trackingNumber, lines: [{ sku: 'SWEATER-M', quantity: 2 }] });
    expect(first.status).toBe(201);
    // The same parcel again (a retry without Idempotency-Key): nothing is left to ship, but the answer is the conflict.
    const again = await postShipment(key, orderNumber, { carrier: 'budbee', trackingNumber, lines: [{ sku: 'SWEATER-M', quantity: 2 }] });
    expect(again.status).toBe(409);
    expect(again.json.error).toMatchObject({ code: 'conflict', message: expect.stringContaining(trackingNumber), details: { shipmentId: first.json.id } });
  });

  it('tracking numbers ignore case and spaces: "dup", " DUP " and "d up" are one parcel, stored once in upper case', async () => {
    const db = testDb();
    const { key } = await newKey();
    const { orderNumber } = await putOrder(key, orderBody());
    const canonical = token();
    const lower = canonical.toLowerCase();
    const created = await postShipment(key, orderNumber, { carrier: 'budbee', trackingNumber: lower, lines: [{ sku: 'SOCKS-39', quantity: 1 }] });
    expect(created.status).toBe(201);
    expect(created.json.trackingUrl).toContain(canonical);
    for (const variant of [` ${canonical} `, `${lower.slice(0, 3)} ${lower.slice(3)}`, canonical]) {
      const res = await postShipment(key, orderNumber, { carrier: 'budbee', trackingNumber: variant, lines: [{ sku: 'SOCKS-39', quantity: 1 }] });
      expect(res.status, JSON.stringify(variant)).toBe(409);
    }
    const rows = await db.select({ trackingNumber: shipments.trackingNumber }).from(shipments).where(eq(shipments.id, created.json.id));
    expect(rows).toEqual([{ trackingNumber: canonical }]);
    const got = await call(orderRoute.GET, { key, params: { orderNumber } });
    expect(got.json.shipments.map((s: { trackingNumber: string }) => s.trackingNumber)).toEqual([canonical]);
    expect(got.json.lines.find((l: { sku: string }) => l.sku === 'SOCKS-39').fulfilledQuantity).toBe(1);

    // Events sent with another spelling land on the same parcel.
    const events = await call(eventsRoute.POST, {
      key,
      body: { events: [{ carrier: 'budbee', trackingNumber: ` ${lower.slice(0, 4)} ${lower.slice(4)}`, status: 'in_transit', occurredAt: new Date(Date.now() - 3_600_000).toISOString() }] },
    });
    expect(events.json).toEqual({ accepted: 1, duplicates: 0, unmatched: 0 });
    const [parcel] = await db.select({ status: shipments.status }).from(shipments).where(eq(shipments.id, created.json.id));
    expect(parcel!.status).toBe('in_transit');
  });

  it('carrier ingest matches a tracking number printed with spaces to the parcel the merchant sent without them', async () => {
    const db = testDb();
    const { key } = await newKey();
    const { orderNumber } = await putOrder(key, orderBody());
    // An SSCC the way a label prints it, "(00) 3731 …", and the carrier's message with spaces.
    const digits = `0037312345${String(Math.floor(Math.random() * 1e10)).padStart(10, '0')}`;
    const created = await postShipment(key, orderNumber, { carrier: 'postnord', trackingNumber: `(00) ${digits.slice(2)}`, lines: [{ sku: 'SOCKS-39', quantity: 1 }] });
    expect(created.status).toBe(201);
    const spaced = digits.replace(/(\d{4})/g, '$1 ').trim();
    await storeInboxDelivery(db, { carrier: 'postnord', source: 'poll', dedupeKey: uniqueId('pn'), rawBody: fixtureFor('postnord', 'in_transit', spaced) });
    await processInbox(db, { carriers: ['postnord'], limit: 500 });
    const stored = await db.select({ trackingNumber: trackingEvents.trackingNumber, shipmentId: trackingEvents.shipmentId }).from(trackingEvents).where(eq(trackingEvents.shipmentId, created.json.id));
    expect(stored.length).toBeGreaterThan(0);
    expect(new Set(stored.map((e) => e.trackingNumber))).toEqual(new Set([digits]));
    const [parcel] = await db.select({ status: shipments.status }).from(shipments).where(eq(shipments.id, created.json.id));
    expect(parcel!.status).not.toBe('info_received');
  });
});

describe('merchant API contract: order validation', () => {
  it('refuses currencies that are not money (XXX, XTS, XAU) or not ISO 4217 (ZZZ), and accepts real ones (EUR, SEK, XOF)', async () => {
    const { key } = await newKey();
    for (const currency of ['XXX', 'ZZZ', 'XTS', 'XAU', 'eur', 'EURO']) {
      const { orderNumber, res } = await putOrder(key, orderBody({ currency }));
      expect(res.status, currency).toBe(422);
      expect(res.json.error.code).toBe('invalid_input');
      expect(Object.keys(res.json.error.details.fields), currency).toEqual(['currency']);
      expect(await orderExists(orderNumber), currency).toBe(false);
    }
    for (const currency of ['EUR', 'SEK', 'XOF']) {
      const { res } = await putOrder(key, orderBody({ currency }));
      expect(res.status, currency).toBe(201);
      expect(res.json.currency).toBe(currency);
    }
  });

  it('refuses user-assigned and reserved country codes (ZZ, AA, QM, XA, EU, UK) and accepts assigned ones (FI, SE, AX, XK)', async () => {
    const { key } = await newKey();
    const base = orderBody();
    for (const country of ['ZZ', 'AA', 'QM', 'XA', 'EU', 'UK', 'fi']) {
      const { orderNumber, res } = await putOrder(key, { ...base, shippingAddress: { ...base.shippingAddress, country } });
      expect(res.status, country).toBe(422);
      expect(Object.keys(res.json.error.details.fields), country).toEqual(['shippingAddress.country']);
      expect(await orderExists(orderNumber), country).toBe(false);
    }
    for (const country of ['FI', 'SE', 'AX', 'XK']) {
      const { res } = await putOrder(key, { ...base, shippingAddress: { ...base.shippingAddress, country } });
      expect(res.status, country).toBe(201);
      expect(res.json.shippingAddress.country).toBe(country);
    }
  });

  it('refuses a placedAt in year 9999, more than a day ahead, or before 2000 (and the same for updatedAt)', async () => {
    const { key } = await newKey();
    const tomorrowAndAHalf = new Date(Date.now() + 36 * 3_600_000).toISOString();
    for (const placedAt of ['9999-12-31T23:59:59Z', tomorrowAndAHalf, '1999-12-31T23:59:59Z', '0001-01-01T00:00:00Z']) {
      const { orderNumber, res } = await putOrder(key, orderBody({ placedAt }));
      expect(res.status, placedAt).toBe(422);
      expect(res.json.error.details.fields.placedAt, placedAt).toEqual([expect.stringContaining('2000-01-01')]);
      expect(await orderExists(orderNumber)).toBe(false);
    }
    const frozen = await putOrder(key, orderBody({ updatedAt: '9999-01-01T00:00:00Z' }));
    expect(frozen.res.status).toBe(422);
    expect(Object.keys(frozen.res.json.error.details.fields)).toEqual(['updatedAt']);
    // A few hours ahead (a shop in another time zone with a fast clock) is fine.
    const { res } = await putOrder(key, orderBody({ placedAt: new Date(Date.now() + 3 * 3_600_000).toISOString() }));
    expect(res.status).toBe(201);
  });

  it('refuses a capturedAmount above the lines plus shippingAmount, naming the field; exactly the total is accepted', async () => {
    const { key } = await newKey();
    const lines = 2 * 5990 + 3 * 1490; // orderBody's lines
    const over = await putOrder(key, orderBody({ capturedAmount: lines + 1 }));
    expect(over.res.status).toBe(422);
    expect(over.res.json.error).toMatchObject({ code: 'invalid_input', details: { fields: { capturedAmount: [expect.stringContaining(String(lines))] } } });
    expect(await orderExists(over.orderNumber)).toBe(false);

    const withShipping = await putOrder(key, orderBody({ shippingAmount: 590, capturedAmount: lines + 591 }));
    expect(withShipping.res.status).toBe(422);
    expect(withShipping.res.json.error.details.fields.capturedAmount).toEqual([expect.stringContaining(String(lines + 590))]);

    const exact = await putOrder(key, orderBody({ shippingAmount: 590, capturedAmount: lines + 590 }));
    expect(exact.res.status).toBe(201);
    expect(exact.res.json).toMatchObject({ shippingAmount: 590, capturedAmount: lines + 590 });
    // A replace is checked the same way, and the stored order stays as it was.
    const replace = await putOrder(key, orderBody({ capturedAmount: lines + 590 }), exact.orderNumber);
    expect(replace.res.status).toBe(422);
    const [row] = await testDb().select({ captured: orders.capturedAmount, shipping: orders.shippingAmount }).from(orders).where(eq(orders.orderNumber, exact.orderNumber));
    expect(row).toEqual({ captured: lines + 590, shipping: 590 });
    // A replace without capturedAmount keeps the captured amount: it must still fit the new lines.
    const { capturedAmount: _omit, ...withoutCaptured } = orderBody({ shippingAmount: 590, lines: [{ sku: 'SWEATER-M', title: 'Merino Sweater', quantity: 2, unitPrice: 5990 }] });
    const shrunk = await putOrder(key, withoutCaptured, exact.orderNumber);
    expect(shrunk.res.status).toBe(422);
    expect(shrunk.res.json.error).toMatchObject({ code: 'invalid_state', details: { fields: { capturedAmount: [expect.stringContaining(String(2 * 5990 + 590))] } } });
  });
});
