import 'server-only';
import { eq, sql } from 'drizzle-orm';
import type { Tx } from '@/db';
import { type Case, cases, staffUsers } from '@/db/schema';
import type { Ctx } from '@/lib/core/actor';
import { AppError } from '@/lib/errors';
import { getSlaConfig } from '@/lib/sla/config';
import { slaPatch } from './case-sla';
import { editableSnapshot, lockCase } from './load-case';
import { type CaseFieldChange, mergeTags, sameTags } from './merge-case-fields';
import { queueCsatSurvey } from '@/lib/csat/queue-csat-survey';
import { recordEvent } from '@/lib/core/events';
import { type UpdateCaseInput, updateCaseSchema } from './schemas';
import { authorize } from '@/lib/core/authorize';

/**
 * Status, priority and tags, saved against the version the agent saw (409 with the current values
 * and, when the form says what it started from, each field someone else changed, by name). With
 * `seen`, only what this agent changed is applied: the tags they added or removed go on top of the
 * current tags, so a save after a conflict keeps the other agent's tags.
 */
export async function updateCase(ctx: Ctx, input: UpdateCaseInput): Promise<{ version: number }> {
  authorize(ctx.actor, 'cases.work');
  const data = updateCaseSchema.parse(input);
  const now = new Date();
  return ctx.db.transaction(async (tx) => {
    const row = await lockCase(tx, data.caseId);
    if (row.version !== data.version) {
      throw new AppError('conflict', 'The case was changed by someone else', { details: { current: editableSnapshot(row), changes: await changedSince(tx, row, data.seen) } });
    }
    const before = editableSnapshot(row);
    const changes: Record<string, { from: unknown; to: unknown }> = {};
    // A field the agent left as it was is not theirs to set: someone else's value stays.
    const status = data.seen && data.status === data.seen.status ? undefined : data.status;
    const priority = data.seen && data.priority === data.seen.priority ? undefined : data.priority;
    if (status && status !== row.status) changes.status = { from: row.status, to: status };
    if (priority && priority !== row.priority) changes.priority = { from: row.priority, to: priority };
    const tags = data.tags ? (data.seen ? mergeTags(data.seen.tags, data.tags, row.tags) : [...new Set(data.tags)].sort()) : undefined;
    if (tags && tags.join(',') !== [...row.tags].sort().join(',')) changes.tags = { from: before.tags, to: tags };
    if (Object.keys(changes).length === 0) return { version: row.version };
    const config = await getSlaConfig(tx);
    const [updated] = await tx
      .update(cases)
      .set({
        ...(status ? slaPatch(row, { status }, config, now) : {}),
        ...(priority ? { priority } : {}),
        ...(tags ? { tags } : {}),
        version: sql`${cases.version} + 1`,
        updatedAt: now,
      })
      .where(eq(cases.id, row.id))
      .returning({ version: cases.version });
    await recordEvent(tx, { type: 'case.updated', actor: ctx.actor, caseId: row.id, orderId: row.orderId, data: { caseId: row.id, source: 'staff', changes, changed: Object.keys(changes) } });
    // Resolving a case sends the satisfaction survey (once per case; off when the shop disables surveys).
    if (changes.status?.to === 'resolved') {
      await recordEvent(tx, { type: 'case.resolved', actor: ctx.actor, caseId: row.id, data: { caseId: row.id, orderId: row.orderId } });
      await queueCsatSurvey(tx, { caseId: row.id, actor: ctx.actor });
    }
    return { version: updated!.version };
  });
}

/** Each field that differs from what the agent's form started from, with its value now; else "other activity". */
async function changedSince(tx: Tx, row: Case, seen: UpdateCaseInput['seen']): Promise<CaseFieldChange[]> {
  if (!seen) return [];
  const out: CaseFieldChange[] = [];
  if (row.status !== seen.status) out.push({ field: 'status', value: row.status });
  if (row.priority !== seen.priority) out.push({ field: 'priority', value: row.priority });
  if (!sameTags(row.tags, seen.tags)) out.push({ field: 'tags', value: [...row.tags].sort() });
  if (row.assigneeId !== seen.assigneeId) {
    const [who] = row.assigneeId ? await tx.select({ name: staffUsers.name }).from(staffUsers).where(eq(staffUsers.id, row.assigneeId)) : [];
    out.push({ field: 'assignee', value: who?.name ?? null });
  }
  // The version also moves with a message, a note's reply or a return step: none of the form's fields changed.
  if (out.length === 0) out.push({ field: 'activity', value: null });
  return out;
}
