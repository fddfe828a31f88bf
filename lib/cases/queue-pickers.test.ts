/** The queue's assignee and team filters (one statement since issue #16): who and what they offer. */
import { describe, expect, it } from 'vitest';
import { generateTotpSecret } from '@/lib/auth/totp';
import { listQueuePickers } from '@/lib/cases/queue';
import { disableStaff } from '@/lib/staff-admin/disable-staff';
import { createTeam } from '@/lib/teams/create-team';
import { setTeamMembers } from '@/lib/teams/set-team-members';
import { testDb, uniqueId } from '@/test/db';
import { createStaff } from '@/test/staff-factories';

const db = testDb();

describe('the queue filters', () => {
  it('offer the active staff and every team by name, with only what the filters show', async () => {
    const adminRow = await createStaff(db, { role: 'admin', totpSecret: generateTotpSecret() });
    const admin = { db, actor: { type: 'staff' as const, staffId: adminRow.id, role: 'admin' as const } };
    const agentRow = await createStaff(db);
    const agent = { db, actor: { type: 'staff' as const, staffId: agentRow.id, role: 'agent' as const } };
    const tag = uniqueId();
    const later = await createStaff(db, { name: `Zz Picker ${tag}` });
    const earlier = await createStaff(db, { name: `Aa Picker ${tag}` });
    const gone = await createStaff(db, { name: `Gone Picker ${tag}` });
    await disableStaff(admin, { staffId: gone.id });
    const { teamId: second } = await createTeam(admin, { name: `Zz Team ${tag}` });
    const { teamId: first } = await createTeam(admin, { name: `Aa Team ${tag}` });
    await setTeamMembers(admin, { teamId: first, staffIds: [later.id] });

    const { staff, teams } = await listQueuePickers(agent);
    const ours = staff.filter((s) => s.name.endsWith(tag));
    expect(ours).toEqual([
      { id: earlier.id, name: `Aa Picker ${tag}` },
      { id: later.id, name: `Zz Picker ${tag}` },
    ]);
    expect(staff.map((s) => s.id)).not.toContain(gone.id);
    expect(teams.filter((t) => t.name.endsWith(tag))).toEqual([
      { id: first, name: `Aa Team ${tag}` },
      { id: second, name: `Zz Team ${tag}` },
    ]);
  });
});
