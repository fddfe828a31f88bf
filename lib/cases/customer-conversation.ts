import 'server-only';
import { and, asc, eq, inArray, isNull } from 'drizzle-orm';
import type { Db } from '@/db';
import { caseAttachments, caseMessages, cases } from '@/db/schema';
import { caseForReplyToken } from './receive-customer-message';

/** What the holder of a reply link sees: the replies (with their files) and their own messages, never internal notes. */
export async function getCustomerConversation(db: Db, token: string) {
  const caseId = await caseForReplyToken(db, token);
  if (!caseId) return null;
  const [row] = await db.select({ id: cases.id, number: cases.number }).from(cases).where(eq(cases.id, caseId));
  if (!row) return null;
  const messages = await db
    .select({ id: caseMessages.id, kind: caseMessages.kind, body: caseMessages.body, createdAt: caseMessages.createdAt })
    .from(caseMessages)
    .where(and(eq(caseMessages.caseId, caseId), inArray(caseMessages.kind, ['reply', 'customer_message'])))
    .orderBy(asc(caseMessages.createdAt));
  const replyIds = messages.filter((m) => m.kind === 'reply').map((m) => m.id);
  const files = replyIds.length
    ? await db
        .select({ id: caseAttachments.id, caseMessageId: caseAttachments.caseMessageId, filename: caseAttachments.filename, contentType: caseAttachments.contentType, sizeBytes: caseAttachments.sizeBytes })
        .from(caseAttachments)
        .where(and(inArray(caseAttachments.caseMessageId, replyIds), isNull(caseAttachments.rejected)))
        .orderBy(asc(caseAttachments.createdAt), asc(caseAttachments.id))
    : [];
  return {
    caseNumber: row.number,
    messages: messages.map((m) => ({
      ...m,
      createdAt: m.createdAt.toISOString(),
      attachments: files.filter((f) => f.caseMessageId === m.id).map(({ caseMessageId: _m, ...f }) => f),
    })),
  };
}

/** A file of a staff reply on the case the reply link opens; null for anything else (a note's file, another case's, a bad link). */
export async function getCustomerReplyAttachment(db: Db, token: string, attachmentId: string) {
  const caseId = await caseForReplyToken(db, token);
  if (!caseId) return null;
  const [file] = await db
    .select({ data: caseAttachments.data, contentType: caseAttachments.contentType, filename: caseAttachments.filename })
    .from(caseAttachments)
    .innerJoin(caseMessages, eq(caseMessages.id, caseAttachments.caseMessageId))
    .where(and(eq(caseAttachments.id, attachmentId), eq(caseAttachments.caseId, caseId), eq(caseMessages.kind, 'reply'), isNull(caseAttachments.rejected)));
  return file?.data ? { ...file, data: file.data } : null;
}
