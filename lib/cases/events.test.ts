import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { cases } from '@/db/schema';
import { testDb } from '@/test/db';
import { eventsOf, typesOf } from '@/test/events';
import { createCase, createStaff } from '@/test/staff-factories';
import { getCaseDetail } from './case-detail';
import { replyToCase } from './reply-to-case';
import { updateCase } from './update-case';

const db = testDb();

describe('case domain events', () => {
  it('opening writes case.opened; resolving writes case.resolved once; a stale version is refused and writes nothing', async () => {
    const s = await createStaff(db);
    const agent = { db, actor: { type: 'staff' as const, staffId: s.id, role: 'agent' as const } };
    const c = await createCase(db);
    expect(typesOf(await eventsOf(db, { caseId: c.id, types: ['case.opened', 'case.resolved'] }))).toEqual(['case.opened']);
    const [row] = await db.select().from(cases).where(eq(cases.id, c.id));

    await expect(updateCase(agent, { caseId: c.id, version: row!.version - 1, status: 'resolved' })).rejects.toThrow();
    expect(typesOf(await eventsOf(db, { caseId: c.id, types: ['case.opened', 'case.resolved'] }))).toEqual(['case.opened']);

    await updateCase(agent, { caseId: c.id, version: row!.version, status: 'resolved' });
    const events = await eventsOf(db, { caseId: c.id, types: ['case.opened', 'case.resolved'] });
    expect(typesOf(events)).toEqual(['case.opened', 'case.resolved']);
    expect(events[1]).toMatchObject({ actorType: 'staff', actorId: s.id, aggregateType: 'case', aggregateId: c.id, data: { caseId: c.id } });
  });

  it('"send and resolve" tells the shop case.resolved like any resolve, and the timeline shows the change once', async () => {
    const s = await createStaff(db);
    const agent = { db, actor: { type: 'staff' as const, staffId: s.id, role: 'agent' as const } };
    const c = await createCase(db);
    await replyToCase(agent, { caseId: c.id, body: 'The new parcel is on its way.', resolve: true });
    const events = await eventsOf(db, { caseId: c.id, types: ['case.resolved'] });
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ actorType: 'staff', actorId: s.id, audience: 'public', data: { caseId: c.id } });
    const detail = await getCaseDetail(agent, c.id);
    const resolves = detail!.events.filter((e) => e.type === 'case.resolved' || (e.type === 'case.updated' && (e.data as { changes?: { status?: { to?: string } } }).changes?.status?.to === 'resolved'));
    expect(resolves.map((e) => e.type)).toEqual(['case.updated']);
  });
});
