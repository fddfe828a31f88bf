import 'server-only';
import { caseMessages } from '@/db/schema';
import type { Ctx } from '@/lib/core/actor';
import { lockCase } from './load-case';
import { recordEvent } from '@/lib/core/events';
import { noteSchema } from './schemas';
import { authorize } from '@/lib/core/authorize';

/** An internal note: staff-only, append-only (never edited, so it never conflicts). */
export async function addInternalNote(ctx: Ctx, input: { caseId: string; body: string }): Promise<{ messageId: string }> {
  const actor = authorize(ctx.actor, 'cases.work');
  const data = noteSchema.parse(input);
  return ctx.db.transaction(async (tx) => {
    const row = await lockCase(tx, data.caseId);
    const [message] = await tx.insert(caseMessages).values({ caseId: row.id, kind: 'internal_note', authorStaffId: actor.staffId, body: data.body }).returning({ id: caseMessages.id });
    await recordEvent(tx, { actor, type: 'case.note_added', caseId: row.id, orderId: row.orderId, data: { messageId: message!.id } });
    return { messageId: message!.id };
  });
}
