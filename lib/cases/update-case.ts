import 'server-only';
import { eq, sql } from 'drizzle-orm';
import { cases } from '@/db/schema';
import type { Ctx } from '@/lib/auth/actor';
import { AppError } from '@/lib/errors';
import { getSlaConfig } from '@/lib/sla/config';
import { slaPatch } from './case-sla';
import { assertVersion, editableSnapshot, lockCase } from './load-case';
import { queueCsatSurvey } from '@/lib/csat/queue-csat-survey';
import { recordCaseEvent } from './record-case-event';
import { type UpdateCaseInput, updateCaseSchema } from './schemas';

/** Status, priority and tags, saved against the version the agent saw (409 with the current values otherwise). */
export async function updateCase(ctx: Ctx, input: UpdateCaseInput): Promise<{ version: number }> {
  if (ctx.actor.type !== 'staff') throw new AppError('forbidden');
  const data = updateCaseSchema.parse(input);
  const now = new Date();
  return ctx.db.transaction(async (tx) => {
    const row = await lockCase(tx, data.caseId);
    assertVersion(row, data.version);
    const before = editableSnapshot(row);
    const changes: Record<string, { from: unknown; to: unknown }> = {};
    if (data.status && data.status !== row.status) changes.status = { from: row.status, to: data.status };
    if (data.priority && data.priority !== row.priority) changes.priority = { from: row.priority, to: data.priority };
    const tags = data.tags ? [...new Set(data.tags)].sort() : undefined;
    if (tags && tags.join(',') !== [...row.tags].sort().join(',')) changes.tags = { from: before.tags, to: tags };
    if (Object.keys(changes).length === 0) return { version: row.version };
    const config = await getSlaConfig(tx);
    const [updated] = await tx
      .update(cases)
      .set({
        ...(data.status ? slaPatch(row, { status: data.status }, config, now) : {}),
        ...(data.priority ? { priority: data.priority } : {}),
        ...(tags ? { tags } : {}),
        version: sql`${cases.version} + 1`,
        updatedAt: now,
      })
      .where(eq(cases.id, row.id))
      .returning({ version: cases.version });
    await recordCaseEvent(tx, { actor: ctx.actor, type: 'case.updated', caseId: row.id, orderId: row.orderId, data: { changes } });
    // Resolving a case sends the satisfaction survey (once per case; off when the shop disables surveys).
    if (changes.status?.to === 'resolved') await queueCsatSurvey(tx, { caseId: row.id, actor: ctx.actor });
    return { version: updated!.version };
  });
}
