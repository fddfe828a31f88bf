import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { cases } from '@/db/schema';
import { testDb } from '@/test/db';
import { inRollback } from '@/test/rollback';
import { createCase, createStaff } from '@/test/staff-factories';
import { resolutionShares } from './resolution-share';

const db = testDb();
const now = new Date('1975-03-31T12:00:00Z');
const daysAgo = (days: number) => new Date(now.getTime() - days * 86_400_000);

describe('resolutionShares', () => {
  it('gives the SLA tile the share resolved in time for each period, from one statement', async () => {
    const shares = await inRollback(db, async (tx) => {
      const agent = await createStaff(tx);
      // Cases of 1975: no other test dates cases before 1980 (the report tests pick random days from 1980 and 2001 on).
      const opened = [
        { createdAt: daysAgo(2), resolutionDueAt: daysAgo(1), resolvedAt: daysAgo(1.5) }, // resolved in time
        { createdAt: daysAgo(3), resolutionDueAt: daysAgo(2), resolvedAt: null }, // still open, past due
        { createdAt: daysAgo(5), resolutionDueAt: daysAgo(-1), resolvedAt: null }, // open, not yet due: not decided
        { createdAt: daysAgo(20), resolutionDueAt: daysAgo(19), resolvedAt: daysAgo(10) }, // resolved late
        { createdAt: daysAgo(40), resolutionDueAt: daysAgo(39), resolvedAt: daysAgo(39.5) }, // before both periods
      ];
      for (const times of opened) {
        const { id } = await createCase(tx);
        await tx.update(cases).set(times).where(eq(cases.id, id));
      }
      return resolutionShares({ db: tx, actor: { type: 'staff', staffId: agent.id, role: 'agent' } }, [7, 30], now);
    });
    expect(shares).toEqual([
      { days: 7, decided: 2, met: 1, share: 0.5 },
      { days: 30, decided: 3, met: 1, share: 1 / 3 },
    ]);
  });

  it('gives the same figures from its prepared statement outside a transaction (the SLA tile on the queue)', async () => {
    // 1974, committed (a prepared statement runs on its own connection): no other test dates cases before 1980, and
    // these are closed, so no queue counts them.
    const at = new Date('1974-03-31T12:00:00Z');
    const before = (days: number) => new Date(at.getTime() - days * 86_400_000);
    const agent = await createStaff(db);
    for (const times of [
      { createdAt: before(1), resolutionDueAt: before(0.5), resolvedAt: before(0.9) }, // in time
      { createdAt: before(2), resolutionDueAt: before(1), resolvedAt: before(0.2) }, // late
      { createdAt: before(10), resolutionDueAt: before(9), resolvedAt: before(9.5) }, // in time, 30 days only
    ]) {
      const { id } = await createCase(db);
      await db.update(cases).set({ ...times, status: 'closed' }).where(eq(cases.id, id));
    }
    const actor = { type: 'staff', staffId: agent.id, role: 'agent' } as const;
    const expected = [
      { days: 7, decided: 2, met: 1, share: 0.5 },
      { days: 30, decided: 3, met: 2, share: 2 / 3 },
    ];
    expect(await resolutionShares({ db, actor }, [7, 30], at)).toEqual(expected);
    // Run twice: the second call reuses the prepared statement with new values.
    expect(await resolutionShares({ db, actor }, [7, 30], before(5))).toEqual([
      { days: 7, decided: 1, met: 1, share: 1 },
      { days: 30, decided: 1, met: 1, share: 1 },
    ]);
  });
});
