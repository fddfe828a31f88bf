import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { shipments } from '@/db/schema';
import { localToInstant } from '@/lib/time/zoned';
import { createOrder } from '@/test/factories';
import { testDb, uniqueId } from '@/test/db';
import { forgetTransitModel, refreshPredictedDates } from './predict-delivery';
import { lastCalendarMonth, loadPromiseKept, promiseKeptByCarrier } from './promise-kept';
import { getOrderParcels } from './queries';
import * as orderRoute from '@/app/api/v1/orders/[orderNumber]/route';
import * as shipmentsRoute from '@/app/api/v1/orders/[orderNumber]/shipments/route';
import { call, newKey, newOrderNumber, newTrackingNumber, orderBody } from '@/test/api-client';

const hki = (local: string) => localToInstant(local, 'Europe/Helsinki')!;
const calendar = { timeZone: 'Europe/Helsinki', holidayCountry: 'FI' as const };

describe('promise kept per carrier (pure)', () => {
  it('last calendar month of a day, across a year end', () => {
    expect(lastCalendarMonth('2026-12-06')).toEqual({ month: '2026-11', from: '2026-11-01', until: '2026-12-01' });
    expect(lastCalendarMonth('2027-01-01')).toEqual({ month: '2026-12', from: '2026-12-01', until: '2027-01-01' });
  });

  it('a parcel delivered on the estimate’s last day is kept; one delivered the next local day (late evening UTC) is not', () => {
    const rows = [
      { carrier: 'posti' as const, shippedAt: hki('2026-11-02T15:00'), deliveredAt: hki('2026-11-04T20:00'), firstEstimateBy: '2026-11-04' },
      // 22:30 UTC on the 4th is 00:30 on the 5th in Helsinki: a day late.
      { carrier: 'posti' as const, shippedAt: hki('2026-11-02T15:00'), deliveredAt: new Date('2026-11-04T22:30:00Z'), firstEstimateBy: '2026-11-04' },
    ];
    expect(promiseKeptByCarrier(rows, calendar, 1)).toEqual([{ carrier: 'posti', parcels: 2, kept: 1, medianDays: 2 }]);
  });

  it('leaves out carriers below the minimum sample', () => {
    const row = { carrier: 'dhl' as const, shippedAt: hki('2026-11-02T15:00'), deliveredAt: hki('2026-11-03T12:00'), firstEstimateBy: '2026-11-04' };
    expect(promiseKeptByCarrier(Array(19).fill(row), calendar, 20)).toEqual([]);
    expect(promiseKeptByCarrier(Array(20).fill(row), calendar, 20)).toEqual([{ carrier: 'dhl', parcels: 20, kept: 20, medianDays: 1 }]);
  });
});

describe('promise kept per carrier (database)', () => {
  const db = testDb();

  it('counts last month’s delivered parcels against the first estimate they got, not a later one', async () => {
    // A month no other test writes to: "today" is 10 Mar 2031, so last month is February 2031.
    const order = await createOrder(db);
    const parcel = (carrier: 'budbee' | 'bring', delivered: string, firstEstimateBy: string | null, extra: Partial<typeof shipments.$inferInsert> = {}) => ({
      orderId: order.id,
      carrier,
      trackingNumber: uniqueId('PK'),
      status: 'delivered' as const,
      // Shipped Mon 3 Feb 2031.
      shippedAt: hki('2031-02-03T15:00'),
      deliveredAt: hki(`${delivered}T12:00`),
      firstEstimateBy,
      ...extra,
    });
    const rows = [
      // 16 of 20 Budbee parcels on time (Tue 4 – Wed 5 Feb against an estimate ending Wed 5 Feb), 4 late (Fri 7 Feb).
      ...Array.from({ length: 10 }, () => parcel('budbee', '2031-02-04', '2031-02-05')),
      ...Array.from({ length: 6 }, () => parcel('budbee', '2031-02-05', '2031-02-05')),
      // A later re-prediction moved predicted_date to the 7th: the figure still counts them late.
      ...Array.from({ length: 4 }, () => parcel('budbee', '2031-02-07', '2031-02-05', { predictedDate: '2031-02-07' })),
      // Not counted: no estimate when sent, delivered in another month, a return parcel, too few Bring parcels.
      parcel('budbee', '2031-02-04', null),
      parcel('budbee', '2031-03-03', '2031-03-01'),
      parcel('budbee', '2031-02-04', '2031-02-05', { direction: 'return' }),
      ...Array.from({ length: 3 }, () => parcel('bring', '2031-02-05', '2031-02-06')),
    ];
    await db.insert(shipments).values(rows);
    const figures = await loadPromiseKept(db, { today: '2031-03-10' });
    expect(figures.month).toBe('2031-02');
    expect(figures.carriers).toEqual([{ carrier: 'budbee', parcels: 20, kept: 16, medianDays: 1 }]);
  });
});

describe('the window on the order page (DTO)', () => {
  const db = testDb();

  it('refreshPredictedDates stores the window and its confidence, and the first estimate once', async () => {
    const service = uniqueId('svc');
    const order = await createOrder(db);
    // 22 delivered DHL parcels of this service to 00100: 18 in one business day, 4 in two.
    const history = Array.from({ length: 22 }, (_, i) => ({
      orderId: order.id,
      carrier: 'dhl' as const,
      service,
      trackingNumber: uniqueId('DW'),
      status: 'delivered' as const,
      shippedAt: hki('2026-11-02T15:00'),
      deliveredAt: hki(i < 18 ? '2026-11-03T12:00' : '2026-11-04T12:00'),
    }));
    await db.insert(shipments).values(history);
    const [moving] = await db.insert(shipments).values({ orderId: order.id, carrier: 'dhl', service, trackingNumber: uniqueId('DW'), status: 'in_transit', shippedAt: hki('2031-06-02T15:00') }).returning();
    forgetTransitModel();
    await refreshPredictedDates(db);
    const [after] = await db.select().from(shipments).where(eq(shipments.id, moving!.id));
    // Shipped Mon 2 Jun 2031: 1 business day = Tue 3 Jun; 18 of 22 in that one day is under 85 %, so Tue–Wed holds all 22.
    expect(after).toMatchObject({ predictedDate: '2031-06-03', predictedFrom: '2031-06-03', predictedTo: '2031-06-04', predictedHits: 22, predictedSamples: 22, predictedBasis: 'route', firstEstimateBy: '2031-06-04' });

    // A later estimate moves the prediction but never the first estimate.
    await db.update(shipments).set({ predictedDate: null, shippedAt: hki('2031-06-05T15:00') }).where(eq(shipments.id, moving!.id));
    await refreshPredictedDates(db);
    const [again] = await db.select().from(shipments).where(eq(shipments.id, moving!.id));
    expect(again).toMatchObject({ predictedFrom: '2031-06-06', predictedTo: '2031-06-09', firstEstimateBy: '2031-06-04' });
  });

  it('a parcel created through the merchant API keeps its first estimate (the last day of its window) beside its prediction', async () => {
    const { key } = await newKey();
    const orderNumber = newOrderNumber();
    await call(orderRoute.PUT, { key, method: 'PUT', body: orderBody(), params: { orderNumber }, path: `/api/v1/orders/${orderNumber}` });
    const trackingNumber = newTrackingNumber();
    const created = await call(shipmentsRoute.POST, { key, body: { carrier: 'posti', trackingNumber, lines: [{ sku: 'SWEATER-M', quantity: 1 }] }, params: { orderNumber }, path: `/api/v1/orders/${orderNumber}/shipments` });
    expect(created.status).toBe(201);
    const [parcel] = await db.select().from(shipments).where(eq(shipments.trackingNumber, trackingNumber));
    expect(parcel!.predictedDate).not.toBeNull();
    expect(parcel!.predictedFrom! <= parcel!.predictedDate! && parcel!.predictedDate! <= parcel!.predictedTo!).toBe(true);
    expect(parcel!.firstEstimateBy).toBe(parcel!.predictedTo);
  });

  it('the page DTO shows the window with "how sure" while it is all ahead; never a past window for a late parcel', async () => {
    const order = await createOrder(db);
    const today = new Date().toISOString().slice(0, 10);
    const plus = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
    const window = { predictedHits: 18, predictedSamples: 20, predictedBasis: 'route' };
    const base = { orderId: order.id, carrier: 'posti' as const, status: 'in_transit' as const, shippedAt: new Date(Date.now() - 86_400_000) };
    await db.insert(shipments).values([
      // Ahead: 3–4 days from now.
      { ...base, trackingNumber: 'WIN-AHEAD', predictedDate: plus(3), predictedFrom: plus(3), predictedTo: plus(4), ...window },
      // Late: the whole window and every other estimate are past.
      { ...base, trackingNumber: 'WIN-LATE', promisedDate: plus(-4), predictedDate: plus(-3), predictedFrom: plus(-3), predictedTo: plus(-2), ...window },
      // Started: the window began yesterday and ends in two days: shown from today, without the claim.
      { ...base, trackingNumber: 'WIN-STARTED', predictedDate: plus(1), predictedFrom: plus(-1), predictedTo: plus(2), ...window },
    ]);
    const parcels = await getOrderParcels(db, order.id, 'UTC');
    const by = (n: string) => parcels.find((p) => p.trackingNumber === n)!;
    expect(by('WIN-AHEAD').expectedWindow).toEqual({ from: plus(3), to: plus(4), basis: 'route', confidence: { hits: 18, samples: 20 } });
    expect(by('WIN-LATE').expectedWindow).toBeNull();
    expect(by('WIN-LATE').expectedDate! >= today).toBe(true);
    expect(by('WIN-STARTED').expectedWindow).toEqual({ from: today, to: plus(2), basis: 'route', confidence: null });
  });
});
