import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { caseEvents } from '@/db/schema';
import { AUDIT_CATALOG, isAuditEventType } from '@/lib/audit/catalog';
import { testDb } from '@/test/db';
import { createDelayOrder } from '@/test/delay-factories';
import { sweepDelays } from './sweep-delays';

const db = testDb();
const days = (n: number) => new Date(Date.now() - n * 86_400_000);

describe('the delay sweep\'s audit rows (the one set-based case_events writer)', () => {
  it('writes catalogued types whose data matches the catalog schema', async () => {
    const order = await createDelayOrder(db, {
      placedAt: days(14),
      parcels: [{ carrier: 'matkahuolto', status: 'in_transit', shippedAt: days(13), firstScanAt: days(13), lastEventAt: days(12) }],
    });
    await sweepDelays(db, new Date(), { orderIds: [order.orderId] });
    const rows = await db.select().from(caseEvents).where(eq(caseEvents.orderId, order.orderId));
    const opened = rows.filter((r) => r.type === 'delay.opened');
    expect(opened).toHaveLength(1);
    for (const row of rows) {
      expect(isAuditEventType(row.type)).toBe(true);
      if (isAuditEventType(row.type)) expect(AUDIT_CATALOG[row.type].safeParse(row.data).success).toBe(true);
    }
  });
});
