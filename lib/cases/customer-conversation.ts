import 'server-only';
import { and, asc, eq, inArray } from 'drizzle-orm';
import type { Db } from '@/db';
import { caseMessages, cases } from '@/db/schema';
import { caseForReplyToken } from './receive-customer-message';

/** What the holder of a reply link sees: the replies and their own messages, never internal notes. */
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
  return { caseNumber: row.number, messages: messages.map((m) => ({ ...m, createdAt: m.createdAt.toISOString() })) };
}
