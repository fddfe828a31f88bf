'use server';

import { addInternalNote } from '@/lib/cases/add-note';
import { assignCase } from '@/lib/cases/assign-case';
import { bulkUpdateCases } from '@/lib/cases/bulk-update-cases';
import { setTyping } from '@/lib/cases/presence';
import { type NewerMessages, replyToCase } from '@/lib/cases/reply-to-case';
import type { AttachmentRefusal } from '@/lib/cases/attachment-rules';
import { attachmentRefusal, readUploadedFiles } from '@/lib/cases/staff-attachments';
import type { BulkInput, UpdateCaseInput } from '@/lib/cases/schemas';
import { updateCase } from '@/lib/cases/update-case';
import type { CaseFieldChange } from '@/lib/cases/merge-case-fields';
import { type ActionResult, isAppError, toActionResult } from '@/lib/errors';
import { staffCtx } from '@/lib/staff/ctx';

/** Like ActionResult, plus what the case looks like now when someone else saved first. */
export type CaseActionResult<T> =
  | ActionResult<T>
  | { ok: false; code: 'conflict'; current: { version: number; status: string; priority: string; tags: string[]; assigneeId: string | null }; changes?: CaseFieldChange[] };

function toCaseResult(error: unknown): CaseActionResult<never> {
  if (isAppError(error) && error.code === 'conflict' && error.details) {
    const details = error.details as { current: never; changes?: CaseFieldChange[] };
    return { ok: false, code: 'conflict', current: details.current, ...(details.changes ? { changes: details.changes } : {}) };
  }
  return toActionResult(error);
}

// Every action authenticates itself (staffCtx → requireStaff): a page check does not protect a direct POST.

export async function updateCaseAction(input: UpdateCaseInput): Promise<CaseActionResult<{ version: number }>> {
  try {
    return { ok: true, data: await updateCase(await staffCtx(), input) };
  } catch (error) {
    return toCaseResult(error);
  }
}

export async function assignCaseAction(input: { caseId: string; version: number; assigneeId: string | null; reason?: string }): Promise<CaseActionResult<{ version: number }>> {
  try {
    return { ok: true, data: await assignCase(await staffCtx(), input) };
  } catch (error) {
    return toCaseResult(error);
  }
}

/** A refused attachment, named for the composer's message (the same as its own check at the field). */
export type AttachmentActionResult<T> = ActionResult<T> | { ok: false; code: 'invalid_input'; attachment: AttachmentRefusal };

/** Like ActionResult, plus the collision answer: newer messages arrived while the agent was writing. */
export type ReplyActionResult = AttachmentActionResult<{ messageId: string }> | { ok: false; code: 'conflict'; newer: NewerMessages };

function toAttachmentResult(error: unknown): AttachmentActionResult<never> {
  const attachment = attachmentRefusal(error);
  return attachment ? { ok: false, code: 'invalid_input', attachment } : toActionResult(error);
}

export async function replyAction(input: { caseId: string; body: string; resolve?: boolean; lastSeenMessageId?: string | null; files?: File[] }): Promise<ReplyActionResult> {
  try {
    const { files, ...reply } = input;
    const { messageId } = await replyToCase(await staffCtx(), { ...reply, attachments: await readUploadedFiles(files) });
    return { ok: true, data: { messageId } };
  } catch (error) {
    if (isAppError(error) && error.code === 'conflict' && (error.details as NewerMessages | undefined)?.reason === 'newer_messages') {
      return { ok: false, code: 'conflict', newer: error.details as NewerMessages };
    }
    return toAttachmentResult(error);
  }
}

/** The composer: this agent is typing on the case (or stopped); shown to colleagues on the case. */
export async function typingAction(input: { caseId: string; typing: boolean }): Promise<ActionResult<null>> {
  try {
    await setTyping(await staffCtx(), input);
    return { ok: true, data: null };
  } catch (error) {
    return toActionResult(error);
  }
}

export async function addNoteAction(input: { caseId: string; body: string; files?: File[] }): Promise<AttachmentActionResult<{ messageId: string }>> {
  try {
    const { files, ...note } = input;
    return { ok: true, data: await addInternalNote(await staffCtx(), { ...note, attachments: await readUploadedFiles(files) }) };
  } catch (error) {
    return toAttachmentResult(error);
  }
}

export async function bulkAction(input: BulkInput): Promise<ActionResult<{ updated: number }>> {
  try {
    return { ok: true, data: await bulkUpdateCases(await staffCtx(), input) };
  } catch (error) {
    return toActionResult(error);
  }
}
