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
});
