import { inArray } from 'drizzle-orm';
import type { DbOrTx } from '@/db';
import { caseAttachments, type EmailAttachment } from '@/db/schema';

/** What the mailer sends: the bytes of each file, read or decoded just before the send. */
export type MailAttachment = { filename: string; contentType: string; content: Buffer };

/** An attachment that can never be sent (gone, or its bytes were not kept): retrying does not help. */
export class PermanentSendError extends Error {
  override name = 'PermanentSendError';
}

/**
 * The message's attachments as bytes: a case attachment from `case_attachments.data`, generated files from
 * their base64. A missing or rejected case attachment fails the send for good, with the reason.
 */
export async function resolveAttachments(db: DbOrTx, attachments: readonly EmailAttachment[] | undefined): Promise<MailAttachment[]> {
  if (!attachments?.length) return [];
  const ids = attachments.flatMap((a) => ('caseAttachmentId' in a ? [a.caseAttachmentId] : []));
  const stored = ids.length ? await db.select({ id: caseAttachments.id, data: caseAttachments.data, rejected: caseAttachments.rejected }).from(caseAttachments).where(inArray(caseAttachments.id, ids)) : [];
  const byId = new Map(stored.map((row) => [row.id, row]));
  return attachments.map((a) => {
    if ('contentBase64' in a) return { filename: a.filename, contentType: a.contentType, content: Buffer.from(a.contentBase64, 'base64') };
    const row = byId.get(a.caseAttachmentId);
    if (!row) throw new PermanentSendError(`attachment ${a.caseAttachmentId} (${a.filename}) no longer exists`);
    if (!row.data) throw new PermanentSendError(`attachment ${a.caseAttachmentId} (${a.filename}) was not kept: ${row.rejected ?? 'no data'}`);
    return { filename: a.filename, contentType: a.contentType, content: row.data };
  });
}
