import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { recordEvent } from '@/lib/core/events';
import { approveReturn } from '@/lib/returns/staff/approve-return';
import { testDb } from '@/test/db';
import { createStaff } from '@/test/staff-factories';
import { createRequestedReturn } from '@/test/staff2-factories';
import { getCaseDetail } from './case-detail';

const db = testDb();

async function timelineTypes(caseId: string, staffId: string) {
  const detail = await getCaseDetail({ db, actor: { type: 'staff', staffId, role: 'agent' } }, caseId);
  return detail.events.map((event) => event.type);
}

async function viewTypes(caseId: string) {
  const rows = await db.execute<{ type: string }>(sql`select type from case_events where case_id = ${caseId} order by id`);
  return rows.map((row) => row.type);
}

describe('the case timeline reads one row per change', () => {
  it('an approval written now is one public row, shown once on the timeline and in the case_events view', async () => {
    const agent = await createStaff(db);
    const r = await createRequestedReturn(db);
    await approveReturn({ db, actor: { type: 'staff', staffId: agent.id, role: 'agent' } }, { returnId: r.returnId });
    const rows = await db.execute<{ audience: string }>(sql`select audience from domain_events where case_id = ${r.caseId} and type = 'return.approved'`);
    expect(rows.map((row) => row.audience)).toEqual(['public']);
    expect((await timelineTypes(r.caseId, agent.id)).filter((type) => type === 'return.approved')).toHaveLength(1);
    expect((await viewTypes(r.caseId)).filter((type) => type === 'return.approved')).toHaveLength(1);
  });

  it('an approval the previous release wrote twice (audit row and public row in one transaction) still shows once', async () => {
    const agent = await createStaff(db);
    const r = await createRequestedReturn(db);
    await db.transaction(async (tx) => {
      // The previous release's audit row, through the view's insert trigger, beside its public event.
      await tx.execute(sql`insert into case_events (case_id, order_id, actor_type, actor_id, type, data)
        values (${r.caseId}, ${r.orderId}, 'staff', ${agent.id}, 'return.approved', ${JSON.stringify({ returnId: r.returnId, rma: r.rma })}::jsonb)`);
      await recordEvent(tx, { type: 'return.approved', actor: { type: 'staff', staffId: agent.id, role: 'agent' }, caseId: r.caseId, data: { returnId: r.returnId, orderId: r.orderId, rma: r.rma } });
    });
    const rows = await db.execute<{ audience: string }>(sql`select audience from domain_events where case_id = ${r.caseId} and type = 'return.approved' order by id`);
    expect(rows.map((row) => row.audience)).toEqual(['audit', 'public']);
    expect((await timelineTypes(r.caseId, agent.id)).filter((type) => type === 'return.approved')).toHaveLength(1);
    expect((await viewTypes(r.caseId)).filter((type) => type === 'return.approved')).toHaveLength(1);
  });
});
