import 'server-only';
import { and, eq, isNull } from 'drizzle-orm';
import type { DbOrTx, Tx } from '@/db';
import { caseAttachments, type EmailAttachment } from '@/db/schema';
import { AppError } from '@/lib/errors';
import { type AttachmentRefusal, checkStaffAttachment, cleanFilename, STAFF_ATTACHMENT_LIMITS, type StaffAttachmentType } from './attachment-rules';

/** A file as the composer sent it: the name the agent saw and the bytes. */
export type UploadedFile = { filename: string; content: Buffer };
export type CheckedAttachment = { filename: string; contentType: StaffAttachmentType; content: Buffer };

/** The refusal a server action turns into the composer's localized message (the same as at the field). */
export function attachmentRefusal(error: unknown): AttachmentRefusal | null {
  if (!(error instanceof AppError) || error.code !== 'invalid_input') return null;
  const details = error.details as Partial<AttachmentRefusal> & { kind?: string } | undefined;
  return details?.kind === 'attachment' && details.reason ? { reason: details.reason, filename: details.filename ?? null } : null;
}

function refuse(refusal: AttachmentRefusal): never {
  throw new AppError('invalid_input', `Attachment refused: ${refusal.reason}`, { details: { kind: 'attachment', ...refusal } });
}

/** The server's own check of what the browser already checked: count, size, and the type by the bytes. */
export function checkStaffAttachments(files: readonly UploadedFile[] = []): CheckedAttachment[] {
  if (files.length > STAFF_ATTACHMENT_LIMITS.maxCount) refuse({ reason: 'too_many', filename: null });
  return files.map((file) => {
    const filename = cleanFilename(file.filename);
    const verdict = checkStaffAttachment({ size: file.content.length, head: file.content });
    if (!verdict.ok) refuse({ reason: verdict.reason, filename });
    return { filename, contentType: verdict.contentType, content: file.content };
  });
}

/** Stores checked files on a message in the caller's transaction; answers them as an email's attachments. */
export async function storeStaffAttachments(tx: Tx, caseId: string, caseMessageId: string, files: readonly CheckedAttachment[]): Promise<EmailAttachment[]> {
  if (files.length === 0) return [];
  const rows = await tx
    .insert(caseAttachments)
    .values(files.map((f) => ({ caseId, caseMessageId, filename: f.filename, contentType: f.contentType, sizeBytes: f.content.length, data: f.content })))
    .returning({ id: caseAttachments.id, filename: caseAttachments.filename, contentType: caseAttachments.contentType });
  return rows.map((r) => ({ filename: r.filename, contentType: r.contentType, caseAttachmentId: r.id }));
}

/** The files a server action received (File objects from the composer) as names and bytes; anything else is refused. */
export async function readUploadedFiles(files: unknown): Promise<UploadedFile[]> {
  if (files === undefined) return [];
  if (!Array.isArray(files) || !files.every((f) => f instanceof File)) throw new AppError('invalid_input', 'Attachments must be files');
  if (files.length > STAFF_ATTACHMENT_LIMITS.maxCount) refuse({ reason: 'too_many', filename: null });
  return Promise.all((files as File[]).map(async (f) => ({ filename: f.name, content: Buffer.from(await f.arrayBuffer()) })));
}

/** A kept case attachment for the staff download (any case: every staff member may open every case); null when gone or rejected. */
export async function getStaffAttachmentFile(db: DbOrTx, attachmentId: string): Promise<{ data: Buffer; contentType: string; filename: string } | null> {
  const [file] = await db
    .select({ data: caseAttachments.data, contentType: caseAttachments.contentType, filename: caseAttachments.filename })
    .from(caseAttachments)
    .where(and(eq(caseAttachments.id, attachmentId), isNull(caseAttachments.rejected)));
  return file?.data ? { ...file, data: file.data } : null;
}
