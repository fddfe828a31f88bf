import { describe, expect, it } from 'vitest';
import { variants } from '@/db/schema';
import { testDb } from '@/test/db';
import { uniqueId } from '@/test/factories';
import { createReturnableOrder, ensureReturnPolicy } from '@/test/return-factories';
import { getReturnWizard } from './queries';

const db = testDb();

describe('the exchange step’s sizes (issue #18)', () => {
  it('come in the order the shop created its variants, not their SKUs’ alphabet, with the customer’s own size among them', async () => {
    await ensureReturnPolicy(db);
    const productKey = uniqueId('shirt');
    const created = Date.now() - 86_400_000;
    // Created S, M, L, XL; by SKU they would read L, M, S, XL.
    await db.insert(variants).values(
      ['S', 'M', 'L', 'XL'].map((size, i) => ({
        sku: `${productKey}-${size}`.toUpperCase(),
        productKey,
        title: 'Test shirt',
        options: { size },
        price: 8900,
        stock: 2,
        createdAt: new Date(created + i * 1000),
      })),
    );
    // The customer's own item (size "L0") is created after them.
    const order = await createReturnableOrder(db, { productKey, siblingStock: [] });
    const wizard = (await getReturnWizard(db, { orderId: order.id, level: 'verified' }, 'en', 'Europe/Helsinki'))!;
    const [line] = wizard.lines;
    expect(line!.exchangeVariants.map((v) => v.options.size)).toEqual(['S', 'M', 'L', 'XL']);
    expect(line!.optionDimensions).toEqual([{ name: 'size', values: ['S', 'M', 'L', 'XL', 'L0'] }]);
  });
});
