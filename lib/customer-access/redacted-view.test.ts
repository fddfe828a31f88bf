import { describe, expect, it } from 'vitest';
import { getCustomerOrderByNumber } from '@/lib/orders/queries';
import { getTrackingByNumber } from '@/lib/tracking/queries';
import { testDb } from '@/test/db';
import { createOrder } from '@/test/factories';

const TZ = 'Europe/Helsinki';

describe('the view a postal-code lookup opens', () => {
  it('is the redacted one: first name and city, no email, street, postal code or phone', async () => {
    const order = await createOrder(testDb(), 'fi');
    const dto = await getCustomerOrderByNumber(testDb(), order.orderNumber, { verified: [], links: [], redacted: [order.id] }, TZ);
    expect(dto).toMatchObject({ view: 'link', openedWith: 'postalCode', firstName: 'Testi', deliveryArea: { city: 'Helsinki', country: 'FI' } });
    for (const secret of [order.email, order.street, '00100', 'Asiakas', order.phone]) expect(JSON.stringify(dto)).not.toContain(secret);
    const tracking = await getTrackingByNumber(testDb(), order.orderNumber, { verified: [], links: [], redacted: [order.id] }, TZ);
    expect(tracking).toMatchObject({ orderNumber: order.orderNumber, view: 'link' });
  });

  it('opens only the order it was given for; a verified grant for the same order wins', async () => {
    const [mine, theirs] = [await createOrder(testDb()), await createOrder(testDb())];
    expect(await getCustomerOrderByNumber(testDb(), theirs.orderNumber, { verified: [], links: [], redacted: [mine.id] }, TZ)).toBeNull();
    expect((await getCustomerOrderByNumber(testDb(), mine.orderNumber, { verified: [mine.id], links: [], redacted: [mine.id] }, TZ))?.view).toBe('verified');
  });
});
