import 'server-only';
import { and, eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import { cases, staffUsers } from '@/db/schema';
import type { Ctx } from '@/lib/core/actor';
import { AppError } from '@/lib/errors';
import { assignableStaff } from './assignable-staff';
import { assertVersion, lockCase } from './load-case';
import { recordEvent } from '@/lib/core/events';
import { assignSchema } from './schemas';
import { authorize } from '@/lib/core/authorize';

/** Assign to me, unassign, or transfer to another agent (a transfer needs a reason). */
export async function assignCase(ctx: Ctx, input: z.input<typeof assignSchema>): Promise<{ version: number }> {
  const actor = authorize(ctx.actor, 'cases.work');
  const data = assignSchema.parse(input);
  const transfer = data.assigneeId !== null && data.assigneeId !== actor.staffId;
  if (transfer && !data.reason) throw new AppError('invalid_input', 'A transfer needs a reason', { details: { reason: ['required'] } });
  return ctx.db.transaction(async (tx) => {
    const row = await lockCase(tx, data.caseId);
    assertVersion(row, data.version);
    if (data.assigneeId) {
      const [target] = await tx.select({ id: staffUsers.id }).from(staffUsers).where(and(eq(staffUsers.id, data.assigneeId), assignableStaff()));
      if (!target) throw new AppError('invalid_input', 'No such staff member', { details: { assigneeId: ['unknown'] } });
    }
    if (row.assigneeId === data.assigneeId) return { version: row.version };
    const [updated] = await tx
      .update(cases)
      .set({ assigneeId: data.assigneeId, version: sql`${cases.version} + 1`, updatedAt: new Date() })
      .where(eq(cases.id, row.id))
      .returning({ version: cases.version });
    await recordEvent(tx, {
      actor,
      type: transfer ? 'case.transferred' : 'case.assigned',
      caseId: row.id,
      orderId: row.orderId,
      data: { from: row.assigneeId, to: data.assigneeId, ...(data.reason ? { reason: data.reason } : {}) },
    });
    return { version: updated!.version };
  });
}
