import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { cases } from '@/db/schema';
import { testDb } from '@/test/db';
import { createCase, createStaff } from '@/test/staff-factories';
import { assignCase } from './assign-case';
import { mergeTags } from './merge-case-fields';
import { updateCase } from './update-case';

const db = testDb();
const staffCtx = async (name?: string) => {
  const s = await createStaff(db, { name });
  return { db, actor: { type: 'staff' as const, staffId: s.id, role: 'agent' as const }, staff: s };
};
const caseRow = async (id: string) => (await db.select().from(cases).where(eq(cases.id, id)))[0]!;
const seenOf = (row: Awaited<ReturnType<typeof caseRow>>) => ({ status: row.status, priority: row.priority, tags: row.tags, assigneeId: row.assigneeId });
async function conflictOf(promise: Promise<unknown>) {
  const error = await promise.then(
    () => {
      throw new Error('expected a conflict');
    },
    (e: { code?: string; details?: { current: { version: number; tags: string[] }; changes?: unknown } }) => e,
  );
  expect(error.code).toBe('conflict');
  return error.details!;
}

describe('an edit conflict on the case fields', () => {
  it('names each field the other agent changed, with their value', async () => {
    const a = await staffCtx('Aino Agentti');
    const b = await staffCtx();
    const c = await createCase(db);
    const opened = await caseRow(c.id);
    await updateCase(a, { caseId: c.id, version: opened.version, priority: 'urgent', tags: ['vip', 'damaged'] });
    await assignCase(a, { caseId: c.id, version: opened.version + 1, assigneeId: a.staff.id });
    const details = await conflictOf(updateCase(b, { caseId: c.id, version: opened.version, status: 'waiting_carrier', tags: [], seen: seenOf(opened) }));
    expect(details.changes).toEqual([
      { field: 'priority', value: 'urgent' },
      { field: 'tags', value: ['damaged', 'vip'] },
      { field: 'assignee', value: 'Aino Agentti' },
    ]);
  });

  it('a change that touched none of the fields is named as new activity, not “other fields”', async () => {
    const a = await staffCtx();
    const b = await staffCtx();
    const c = await createCase(db);
    const opened = await caseRow(c.id);
    await updateCase(a, { caseId: c.id, version: opened.version, status: 'waiting_customer' });
    await updateCase(a, { caseId: c.id, version: opened.version + 1, status: 'open' });
    const details = await conflictOf(updateCase(b, { caseId: c.id, version: opened.version, priority: 'low', seen: seenOf(opened) }));
    expect(details.changes).toEqual([{ field: 'activity', value: null }]);
  });

  it('saving again after the conflict keeps the other agent’s tags and applies only this agent’s changes', async () => {
    const a = await staffCtx();
    const b = await staffCtx();
    const c = await createCase(db);
    const opened = await caseRow(c.id);
    await updateCase(a, { caseId: c.id, version: opened.version, tags: ['vip'], seen: seenOf(opened) });
    await updateCase(a, { caseId: c.id, version: opened.version + 1, tags: ['vip', 'urgent-refund'], priority: 'high', seen: { ...seenOf(opened), tags: ['vip'] } });
    // B opened the case before A's saves, added the tag "damaged" and changed the status.
    const mine = { status: 'waiting_carrier' as const, priority: opened.priority, tags: ['damaged'] };
    const details = await conflictOf(updateCase(b, { caseId: c.id, version: opened.version, ...mine, seen: seenOf(opened) }));
    // B saves again on the current version with the form as it was: A's tags and priority stay.
    await updateCase(b, { caseId: c.id, version: details.current.version, ...mine, seen: seenOf(opened) });
    expect(await caseRow(c.id)).toMatchObject({ tags: ['damaged', 'urgent-refund', 'vip'], priority: 'high', status: 'waiting_carrier' });
  });

  it('a tag this agent removed on purpose stays removed; one the other agent removed is not brought back', async () => {
    const a = await staffCtx();
    const b = await staffCtx();
    const c = await createCase(db);
    let row = await caseRow(c.id);
    await updateCase(a, { caseId: c.id, version: row.version, tags: ['vip', 'damaged', 'late'] });
    row = await caseRow(c.id);
    const opened = seenOf(row);
    await updateCase(a, { caseId: c.id, version: row.version, tags: ['vip', 'damaged'], seen: opened }); // A removes "late"
    const details = await conflictOf(updateCase(b, { caseId: c.id, version: row.version, tags: ['damaged', 'late', 'fragile'], seen: opened })); // B removes "vip", adds "fragile"
    await updateCase(b, { caseId: c.id, version: details.current.version, tags: ['damaged', 'late', 'fragile'], seen: opened });
    expect((await caseRow(c.id)).tags).toEqual(['damaged', 'fragile']);
  });

  it('mergeTags is what the form shows after a conflict', () => {
    expect(mergeTags([], ['damaged'], ['vip'])).toEqual(['damaged', 'vip']);
    expect(mergeTags(['a', 'b'], ['a'], ['a', 'b', 'c'])).toEqual(['a', 'c']);
    expect(mergeTags(['a'], ['a'], [])).toEqual([]);
  });
});
