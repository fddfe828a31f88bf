import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { returns } from '@/db/schema';
import { testDb, uniqueId } from '@/test/db';
import { createRequestedReturn } from '@/test/staff2-factories';
import { countOpenReturns, listOrderReturns, openReturnCount } from './queries';

const db = testDb();

describe('open returns on the order page', () => {
  it('the count the order page derives from its list of returns is the count a new return is refused on', async () => {
    const first = await createRequestedReturn(db);
    for (const status of ['completed', 'rejected', 'canceled', 'received', 'label_issued'] as const) {
      await db.insert(returns).values({ rmaNumber: uniqueId('R').slice(0, 20), orderId: first.orderId, status, method: 'drop_off', carrier: 'posti', currency: 'EUR', idempotencyKey: randomUUID() });
    }
    const list = await listOrderReturns(db, first.orderId);
    expect(list).toHaveLength(6);
    // requested, received and label_issued are open; completed, rejected and canceled are not.
    expect(openReturnCount(list)).toBe(3);
    expect(await countOpenReturns(db, first.orderId)).toBe(3);
  });
});
