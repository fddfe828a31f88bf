import { describe, expect, it } from 'vitest';
import { call, newKey, newTrackingNumber, orderBody, newOrderNumber } from '@/test/api-client';
import * as orderRoute from './orders/[orderNumber]/route';
import * as shipmentsRoute from './orders/[orderNumber]/shipments/route';
import * as eventsRoute from './tracking-events/route';

/** The API's error shape `{ error: { code, message, details? } }` with each code's typed details (lib/core/errors.ts). */
describe('API error details', () => {
  it('403 forbidden names the scope the key lacks in details.scope', async () => {
    const { key } = await newKey(['orders:read']);
    const res = await call(eventsRoute.POST, { key, body: { events: [] } });
    expect(res.status).toBe(403);
    expect(res.json.error).toEqual({ code: 'forbidden', message: 'This API key lacks the scope events:write.', details: { scope: 'events:write' } });
  });

  it('409 conflict on a reused tracking number gives the field and the parcel that holds it; 422 invalid_input gives details.fields', async () => {
    const { key } = await newKey();
    const orderNumber = newOrderNumber();
    const put = await call(orderRoute.PUT, { key, method: 'PUT', body: orderBody(), params: { orderNumber }, path: `/api/v1/orders/${orderNumber}` });
    expect(put.status).toBe(201);
    const post = (body: unknown) => call(shipmentsRoute.POST, { key, body, params: { orderNumber }, path: `/api/v1/orders/${orderNumber}/shipments` });
    const trackingNumber = newTrackingNumber();
    const first = await post({ carrier: 'posti', trackingNumber, lines: [{ sku: 'SWEATER-M', quantity: 1 }] });
    expect(first.status).toBe(201);
    const again = await post({ carrier: 'posti', trackingNumber, lines: [{ sku: 'SWEATER-M', quantity: 1 }] });
    expect(again.status).toBe(409);
    expect(again.json.error).toMatchObject({ code: 'conflict', details: { fields: { trackingNumber: [expect.any(String)] }, shipmentId: first.json.id } });

    const bad = await post({ carrier: 'posti', trackingNumber: newTrackingNumber(), lines: [{ sku: 'SWEATER-M', quantity: 0 }] });
    expect(bad.status).toBe(422);
    expect(bad.json.error).toMatchObject({ code: 'invalid_input', details: { fields: { 'lines.0.quantity': [expect.any(String)] } } });
  });
});
