import { eq, inArray, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { staffUsers } from '@/db/schema';
import { testDb } from '@/test/db';
import { generateTotpSecret } from '@/lib/auth/totp';
import { inviteStaff } from '@/lib/staff-admin/invite-staff';
import { createStaff } from '@/test/staff-factories';
import { uniqueId } from '@/test/db';
import { nextRoundRobinAgent } from './auto-assign';

const db = testDb();

describe('round-robin assignment', () => {
  it('takes turns among available, enabled agents and skips the excluded one', async () => {
    const agents = [await createStaff(db), await createStaff(db)];
    const admin = await createStaff(db, { role: 'admin' });
    const unavailable = await createStaff(db);
    await db.update(staffUsers).set({ isAvailable: false }).where(eq(staffUsers.id, unavailable.id));
    const picks = await db.transaction(async (tx) => {
      const out: string[] = [];
      for (let i = 0; i < 40; i++) out.push((await nextRoundRobinAgent(tx))!);
      return out;
    });
    const eligible = await db.select({ id: staffUsers.id, role: staffUsers.role, isAvailable: staffUsers.isAvailable }).from(staffUsers).where(inArray(staffUsers.id, picks));
    expect(eligible.every((s) => s.role === 'agent' && s.isAvailable)).toBe(true);
    expect(picks).not.toContain(admin.id);
    expect(picks).not.toContain(unavailable.id);
    for (let i = 1; i < picks.length; i++) expect(picks[i]).not.toBe(picks[i - 1]);
    const excluded = await db.transaction((tx) => nextRoundRobinAgent(tx, { excludeStaffId: agents[0]!.id }));
    expect(excluded).not.toBe(agents[0]!.id);
  });

  it('never hands a new case to an invited agent who has not accepted the invitation yet', async () => {
    const adminRow = await createStaff(db, { role: 'admin', totpSecret: generateTotpSecret() });
    const admin = { db, actor: { type: 'staff' as const, staffId: adminRow.id, role: 'admin' as const } };
    await createStaff(db);
    await inviteStaff(admin, { name: `Pending ${uniqueId()}`, email: `${uniqueId('pending')}@staff.example`, role: 'agent' });
    const picks = await db.transaction(async (tx) => {
      const out: string[] = [];
      for (let i = 0; i < 60; i++) out.push((await nextRoundRobinAgent(tx))!);
      return out;
    });
    const pendingIds = (await db.execute<{ id: string }>(sql`select staff_user_id as id from staff_invites where used_at is null`)).map((r) => r.id);
    expect(pendingIds.length).toBeGreaterThan(0);
    for (const id of pendingIds) expect(picks).not.toContain(id);
  });
});
