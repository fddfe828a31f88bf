import { and, asc, eq, inArray } from 'drizzle-orm';
import { beforeEach, describe, expect, it } from 'vitest';
import { cases, domainEvents, teamMembers, teams } from '@/db/schema';
import { listQueue } from '@/lib/cases/queue';
import { queueQuerySchema } from '@/lib/cases/schemas';
import { isAuditRow } from '@/lib/core/events';
import { uniqueId } from '@/test/factories';
import { testDb } from '@/test/db';
import { createCase, createStaff } from '@/test/staff-factories';
import { createTeam } from './create-team';
import { deleteTeam } from './delete-team';
import { listTeams } from './queries';
import { renameTeam } from './rename-team';
import { setCaseTeam } from './set-case-team';
import { setTeamMembers } from './set-team-members';

const db = testDb();

type StaffCtx = { db: typeof db; actor: { type: 'staff'; staffId: string; role: 'admin' | 'agent' } };
let admin: StaffCtx;
let agent: StaffCtx;

beforeEach(async () => {
  const a = await createStaff(db, { role: 'admin' });
  const g = await createStaff(db);
  admin = { db, actor: { type: 'staff', staffId: a.id, role: 'admin' } };
  agent = { db, actor: { type: 'staff', staffId: g.id, role: 'agent' } };
});

const teamRow = async (teamId: string) => (await db.select().from(teams).where(eq(teams.id, teamId)))[0];
const members = async (teamId: string) => (await db.select({ staffId: teamMembers.staffId }).from(teamMembers).where(eq(teamMembers.teamId, teamId))).map((m) => m.staffId).sort();
const teamAudit = async (teamId: string) =>
  (await db.select({ type: domainEvents.type, data: domainEvents.data }).from(domainEvents).where(and(isAuditRow(), inArray(domainEvents.type, ['team.created', 'team.renamed', 'team.members_changed', 'team.deleted']))).orderBy(asc(domainEvents.id)))
    .filter((e) => e.data.teamId === teamId)
    .map((e) => e.type);

describe('teams', () => {
  it('an admin creates, renames, staffs and deletes a team, each step audited; its cases leave the team', async () => {
    const anna = await createStaff(db, { name: `Anna ${uniqueId()}` });
    const bo = await createStaff(db, { name: `Bo ${uniqueId()}` });
    const { teamId } = await createTeam(admin, { name: `  Returns ${uniqueId()} ` });
    expect((await teamRow(teamId))?.name).toMatch(/^Returns \S+$/);

    const name = `Svenska ${uniqueId()}`;
    await renameTeam(admin, { teamId, name });
    await setTeamMembers(admin, { teamId, staffIds: [anna.id, bo.id] });
    await setTeamMembers(admin, { teamId, staffIds: [bo.id] });
    expect(await members(teamId)).toEqual([bo.id]);
    expect((await listTeams(agent)).find((t) => t.id === teamId)).toEqual({ id: teamId, name, memberIds: [bo.id] });

    const kase = await createCase(db, { locale: 'sv' });
    await setCaseTeam(agent, { caseId: kase.id, version: 1, teamId });
    expect((await db.select({ teamId: cases.teamId }).from(cases).where(eq(cases.id, kase.id)))[0]?.teamId).toBe(teamId);

    expect(await deleteTeam(admin, { teamId })).toEqual({ casesCleared: 1 });
    expect(await teamRow(teamId)).toBeUndefined();
    expect(await members(teamId)).toEqual([]);
    expect((await db.select({ teamId: cases.teamId }).from(cases).where(eq(cases.id, kase.id)))[0]?.teamId).toBeNull();
    expect(await teamAudit(teamId)).toEqual(['team.created', 'team.renamed', 'team.members_changed', 'team.members_changed', 'team.deleted']);
  });

  it('refuses agents every team change, and changes nothing', async () => {
    const { teamId } = await createTeam(admin, { name: `Claims ${uniqueId()}` });
    await expect(createTeam(agent, { name: `Mine ${uniqueId()}` })).rejects.toMatchObject({ code: 'forbidden' });
    await expect(renameTeam(agent, { teamId, name: 'Taken over' })).rejects.toMatchObject({ code: 'forbidden' });
    await expect(setTeamMembers(agent, { teamId, staffIds: [agent.actor.staffId] })).rejects.toMatchObject({ code: 'forbidden' });
    await expect(deleteTeam(agent, { teamId })).rejects.toMatchObject({ code: 'forbidden' });
    expect((await teamRow(teamId))?.name).toMatch(/^Claims /);
    expect(await members(teamId)).toEqual([]);
  });

  it('refuses a blank, a too long or a taken name (whatever its case), and an unknown member', async () => {
    const name = `Returns ${uniqueId()}`;
    const { teamId } = await createTeam(admin, { name });
    await expect(createTeam(admin, { name: '  ' })).rejects.toMatchObject({ issues: [expect.objectContaining({ path: ['name'], message: 'teamNameRequired' })] });
    await expect(createTeam(admin, { name: 'x'.repeat(81) })).rejects.toMatchObject({ issues: [expect.objectContaining({ message: 'teamNameTooLong' })] });
    await expect(createTeam(admin, { name: name.toUpperCase() })).rejects.toMatchObject({ code: 'conflict', details: { reason: 'teamNameTaken' } });
    const other = await createTeam(admin, { name: `Other ${uniqueId()}` });
    await expect(renameTeam(admin, { teamId: other.teamId, name })).rejects.toMatchObject({ code: 'conflict', details: { reason: 'teamNameTaken' } });
    await expect(setTeamMembers(admin, { teamId, staffIds: ['00000000-0000-4000-8000-000000000000'] })).rejects.toMatchObject({ code: 'invalid_input', details: { reason: 'memberUnknown' } });
    expect(await members(teamId)).toEqual([]);
  });

  it('moves a case between team queues against the version the agent saw', async () => {
    const kase = await createCase(db);
    const { teamId } = await createTeam(admin, { name: `Returns ${uniqueId()}` });
    await expect(setCaseTeam(agent, { caseId: kase.id, version: 1, teamId: '00000000-0000-4000-8000-000000000000' })).rejects.toMatchObject({ details: { reason: 'teamUnknown' } });
    const { version } = await setCaseTeam(agent, { caseId: kase.id, version: 1, teamId });
    expect(version).toBe(2);
    await expect(setCaseTeam(agent, { caseId: kase.id, version: 1, teamId: null })).rejects.toMatchObject({ code: 'conflict' });
    await setCaseTeam(agent, { caseId: kase.id, version: 2, teamId: null });
    const events = await db.select({ type: domainEvents.type, data: domainEvents.data }).from(domainEvents).where(and(eq(domainEvents.caseId, kase.id), eq(domainEvents.type, 'case.team_changed'))).orderBy(asc(domainEvents.id));
    expect(events.map((e) => e.data)).toEqual([expect.objectContaining({ from: null, to: teamId }), expect.objectContaining({ from: teamId, to: null })]);
  });
});

describe('the queue by team', () => {
  it('the Team filter returns only that team’s cases, and "My teams" the open cases of the agent’s teams', async () => {
    const returns = await createTeam(admin, { name: `Returns ${uniqueId()}` });
    const claims = await createTeam(admin, { name: `Claims ${uniqueId()}` });
    await setTeamMembers(admin, { teamId: returns.teamId, staffIds: [agent.actor.staffId] });
    const [inReturns, alsoInReturns, inClaims, inNone] = [await createCase(db), await createCase(db), await createCase(db), await createCase(db)];
    await setCaseTeam(agent, { caseId: inReturns.id, version: 1, teamId: returns.teamId });
    await setCaseTeam(agent, { caseId: alsoInReturns.id, version: 1, teamId: returns.teamId });
    await setCaseTeam(agent, { caseId: inClaims.id, version: 1, teamId: claims.teamId });

    const filtered = await listQueue(agent, queueQuerySchema.parse({ view: 'open', team: returns.teamId }));
    expect(filtered.rows.map((r) => r.id).sort()).toEqual([inReturns.id, alsoInReturns.id].sort());
    const mine = await listQueue(agent, queueQuerySchema.parse({ view: 'myTeams' }));
    expect(mine.rows.map((r) => r.id).sort()).toEqual([inReturns.id, alsoInReturns.id].sort());
    expect(mine.counts.myTeams).toBe(2);
    expect(mine.rows.map((r) => r.id)).not.toContain(inNone.id);
    // An admin in no team has an empty "My teams".
    expect((await listQueue(admin, queueQuerySchema.parse({ view: 'myTeams' }))).rows).toEqual([]);
    // A team id that is not a uuid is no filter at all (never a 500).
    expect(queueQuerySchema.parse({ view: 'open', team: 'nonsense' }).team).toBeUndefined();
  });
});
