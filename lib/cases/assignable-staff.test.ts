/**
 * Issue #12: people invited but not yet signed up appeared under "Transfer to" on a case. Only
 * enabled staff past their invitation can be handed a case.
 */
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { cases } from '@/db/schema';
import { generateTotpSecret } from '@/lib/auth/totp';
import { assignCase } from '@/lib/cases/assign-case';
import { getCaseDetail } from '@/lib/cases/case-detail';
import { acceptInvite } from '@/lib/staff-admin/accept-invite';
import { disableStaff } from '@/lib/staff-admin/disable-staff';
import { inviteStaff } from '@/lib/staff-admin/invite-staff';
import { testDb, uniqueId } from '@/test/db';
import { createCase, createStaff } from '@/test/staff-factories';

const db = testDb();

describe('"Transfer to" on a case', () => {
  it('lists enabled staff who have accepted their invitation, never pending invitees or disabled staff', async () => {
    const adminRow = await createStaff(db, { role: 'admin', totpSecret: generateTotpSecret() });
    const admin = { db, actor: { type: 'staff' as const, staffId: adminRow.id, role: 'admin' as const } };
    const agentRow = await createStaff(db, { name: `Agent ${uniqueId()}` });
    const agent = { db, actor: { type: 'staff' as const, staffId: agentRow.id, role: 'agent' as const } };
    const colleague = await createStaff(db, { name: `Colleague ${uniqueId()}` });
    const pending = await inviteStaff(admin, { name: `Pending ${uniqueId()}`, email: `${uniqueId('pending')}@staff.example`, role: 'agent' });
    const accepted = await inviteStaff(admin, { name: `Accepted ${uniqueId()}`, email: `${uniqueId('accepted')}@staff.example`, role: 'agent' });
    await acceptInvite({ db }, { token: accepted.url.split('/staff/invite/')[1]!, password: 'koivu kuusi ranta', confirm: 'koivu kuusi ranta' });
    const gone = await createStaff(db, { name: `Gone ${uniqueId()}` });
    await disableStaff(admin, { staffId: gone.id });

    const theCase = await createCase(db);
    const ids = (await getCaseDetail(agent, theCase.id)).staff.map((s) => s.id);
    expect(ids).toContain(colleague.id);
    expect(ids).toContain(accepted.staffId);
    expect(ids).not.toContain(pending.staffId);
    expect(ids).not.toContain(gone.id);

    // Nor can a crafted request hand the case to a pending invitee.
    const [row] = await db.select({ version: cases.version }).from(cases).where(eq(cases.id, theCase.id));
    await expect(assignCase(agent, { caseId: theCase.id, version: row!.version, assigneeId: pending.staffId, reason: 'handing over' })).rejects.toMatchObject({
      code: 'invalid_input',
    });
    expect((await assignCase(agent, { caseId: theCase.id, version: row!.version, assigneeId: accepted.staffId, reason: 'handing over' })).version).toBe(row!.version + 1);
  });
});
