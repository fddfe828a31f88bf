import 'server-only';
import { caseMessages } from '@/db/schema';
import type { Ctx } from '@/lib/core/actor';
import { lockCase } from './load-case';
import { recordEvent } from '@/lib/core/events';
import { noteSchema } from './schemas';
import { authorize } from '@/lib/core/authorize';
import { checkStaffAttachments, storeStaffAttachments, type UploadedFile } from './staff-attachments';

/** An internal note: staff-only, append-only (never edited, so it never conflicts); its files never leave the desk. */
export async function addInternalNote(ctx: Ctx, input: { caseId: string; body: string; attachments?: UploadedFile[] }): Promise<{ messageId: string }> {
  const actor = authorize(ctx.actor, 'cases.work');
  const data = noteSchema.parse(input);
  const attachments = checkStaffAttachments(input.attachments);
  return ctx.db.transaction(async (tx) => {
    const row = await lockCase(tx, data.caseId);
    const [message] = await tx.insert(caseMessages).values({ caseId: row.id, kind: 'internal_note', authorStaffId: actor.staffId, body: data.body }).returning({ id: caseMessages.id });
    await storeStaffAttachments(tx, row.id, message!.id, attachments);
    await recordEvent(tx, { actor, type: 'case.note_added', caseId: row.id, orderId: row.orderId, data: { messageId: message!.id, ...(attachments.length ? { attachments: attachments.length } : {}) } });
    return { messageId: message!.id };
  });
}
