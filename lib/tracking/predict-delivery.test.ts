import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { shipments } from '@/db/schema';
import { localToInstant } from '@/lib/time/zoned';
import { createOrder } from '@/test/factories';
import { testDb, uniqueId } from '@/test/db';
import { buildTransitModel, forgetTransitModel, type HistoryRow, predictDelivery, predictWithModel, refreshPredictedDates } from './predict-delivery';

const hki = (local: string) => localToInstant(local, 'Europe/Helsinki')!;
const calendar = { holidayCountry: 'FI' as const, timeZone: 'Europe/Helsinki' };

function history(carrier: string, service: string, postalCode: string, transits: Array<[ship: string, delivered: string]>): HistoryRow[] {
  return transits.map(([ship, delivered]) => ({ carrier, service, postalCode, country: 'FI', shippedAt: hki(`${ship}T15:00`), deliveredAt: hki(`${delivered}T12:00`) }));
}

// Mon 2 Nov 2026 … : 1 business day = Tue, 2 = Wed, 3 = Thu.
const oneDay: Array<[string, string]> = [
  ['2026-11-02', '2026-11-03'],
  ['2026-11-03', '2026-11-04'],
  ['2026-11-04', '2026-11-05'],
  ['2026-11-05', '2026-11-06'],
  ['2026-11-06', '2026-11-09'], // Fri → Mon is one business day
];
const threeDays: Array<[string, string]> = [
  ['2026-11-02', '2026-11-05'],
  ['2026-11-03', '2026-11-06'],
  ['2026-11-04', '2026-11-09'],
  ['2026-11-05', '2026-11-10'],
  ['2026-11-06', '2026-11-11'],
  ['2026-11-09', '2026-11-13'], // an outlier (4 days) does not move the median
];

describe('transit model (pure)', () => {
  const model = buildTransitModel([...history('posti', 'Postipaketti', '00100', oneDay), ...history('posti', 'Postipaketti', '96100', threeDays)], calendar);

  it('learns per postal area in business days (median)', () => {
    expect(predictWithModel(model, { carrier: 'posti', service: 'Postipaketti', postalCode: '00530', country: 'FI', shippedAt: hki('2026-11-16T10:00') })).toBe('2026-11-17');
    expect(predictWithModel(model, { carrier: 'posti', service: 'Postipaketti', postalCode: '96200', country: 'FI', shippedAt: hki('2026-11-16T10:00') })).toBe('2026-11-19');
  });

  it('falls back to carrier + service for an area with too few parcels, then to the published standard', () => {
    // 11 parcels for the service: the lower median of [1×5, 3×5, 4] is 3.
    expect(predictWithModel(model, { carrier: 'posti', service: 'Postipaketti', postalCode: '33100', country: 'FI', shippedAt: hki('2026-11-16T10:00') })).toBe('2026-11-19');
    // Matkahuolto has no history: the catalog's 2 business days.
    expect(predictWithModel(model, { carrier: 'matkahuolto', service: 'Lähellä-paketti', postalCode: '00100', country: 'FI', shippedAt: hki('2026-11-16T10:00') })).toBe('2026-11-18');
  });

  it('counts business days with Finnish holidays (Christmas)', () => {
    // Shipped Wed 23 Dec 2026; 24–26 Dec are non-working days, 27th is Sunday → Mon 28 Dec.
    expect(predictWithModel(model, { carrier: 'posti', service: 'Postipaketti', postalCode: '00100', country: 'FI', shippedAt: hki('2026-12-23T10:00') })).toBe('2026-12-28');
    // The learner also measured 6 Nov (Fri) → 9 Nov (Mon) as one business day.
    expect(model.groups.get('posti|postipaketti|FI-00')?.median).toBe(1);
  });

  it('uses the shop’s local date of shipping (late evening UTC is the next day in Helsinki)', () => {
    // 22:30 UTC Monday = 00:30 Tuesday in Helsinki → 1 business day = Wednesday.
    expect(predictWithModel(model, { carrier: 'posti', service: 'Postipaketti', postalCode: '00100', country: 'FI', shippedAt: new Date('2026-11-16T22:30:00Z') })).toBe('2026-11-18');
  });
});

describe('predictDelivery and refreshPredictedDates (database)', () => {
  const db = testDb();

  it('learns from the shop’s delivered parcels and fills predicted dates of parcels on the way', async () => {
    const service = uniqueId('svc');
    // Six delivered DHL parcels of this service to 00100, each 3 business days.
    for (const [ship, delivered] of threeDays) {
      const order = await createOrder(db);
      await db.insert(shipments).values({ orderId: order.id, carrier: 'dhl', service, trackingNumber: uniqueId('D'), status: 'delivered', shippedAt: hki(`${ship}T15:00`), deliveredAt: hki(`${delivered}T12:00`) });
    }
    forgetTransitModel();
    expect((await predictDelivery(db, { carrier: 'dhl', service, postalCode: '00100', country: 'FI', shippedAt: hki('2026-11-16T09:00') }))?.date).toBe('2026-11-19');
    const order = await createOrder(db);
    const [moving] = await db.insert(shipments).values({ orderId: order.id, carrier: 'dhl', service, trackingNumber: uniqueId('D'), status: 'in_transit', shippedAt: hki('2026-11-16T09:00') }).returning();
    expect(await refreshPredictedDates(db)).toBeGreaterThan(0);
    const [after] = await db.select().from(shipments).where(eq(shipments.id, moving!.id));
    expect(after!.predictedDate).toBe('2026-11-19');
  });
});
