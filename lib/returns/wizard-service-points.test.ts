import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { orders } from '@/db/schema';
import { createReturnableOrder } from '@/test/return-factories';
import { testDb } from '@/test/db';
import { getReturnWizard } from './queries';

const db = testDb();

describe('the return wizard’s service points (issue #14)', () => {
  it('searches first at the order’s shipping postal code, for the return carriers that have a service-point search (Budbee’s lockers too; Instabox has none)', async () => {
    const order = await createReturnableOrder(db, { market: 'FI', deliveredDaysAgo: 5 });
    const wizard = (await getReturnWizard(db, { orderId: order.id, level: 'verified' }, 'fi', 'Europe/Helsinki'))!;
    const [row] = await db.select({ code: orders.shippingPostalCode, country: orders.shippingCountry }).from(orders).where(eq(orders.id, order.id));
    expect(wizard.servicePoints).toEqual({ postalCode: row!.code, country: row!.country, carriers: ['posti', 'postnord', 'matkahuolto', 'bring', 'budbee'] });
  });
});
