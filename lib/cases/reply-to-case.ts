import 'server-only';
import { and, desc, eq, gt, inArray, isNull, ne, or, sql } from 'drizzle-orm';
import type { Tx } from '@/db';
import { type Case, caseMessages, cases, orders } from '@/db/schema';
import type { Ctx } from '@/lib/core/actor';
import { enqueueEmail } from '@/lib/outbox/enqueue-email';
import { getAppSecret } from '@/lib/settings/app-secret';
import { getSlaConfig } from '@/lib/sla/config';
import { slaPatch } from './case-sla';
import { lockCase } from './load-case';
import { recordEvent } from '@/lib/core/events';
import { renderReplyEmail } from './reply-email';
import { emailBrand } from '@/lib/outbox/service-email-layout';
import { loadEmailMessages } from '@/lib/settings/email-templates';
import { readShopSettings } from '@/lib/settings/shop-settings';
import { signReplyToken } from './reply-token';
import { queueCsatSurvey } from '@/lib/csat/queue-csat-survey';
import { replySchema } from './schemas';
import { appUrl } from '@/lib/core/url';
import { authorize } from '@/lib/core/authorize';
import { AppError } from '@/lib/errors';
import { inboundConfig } from './inbound-config';
import { caseReplyAddress } from './reply-address';
import { type CheckedAttachment, checkStaffAttachments, storeStaffAttachments, type UploadedFile } from './staff-attachments';

/**
 * A reply to the customer: stored on the case, emailed through the outbox in the customer's language
 * with a signed link back to answer, first response recorded; the case then waits on the customer
 * (SLA paused). Replies are append-only, so they never conflict with another agent's edit; with
 * `lastSeenMessageId` a reply written while a newer customer message or colleague reply arrived answers a
 * `conflict` (details: NewerMessages) instead, and the agent decides (send anyway = again with the newest id).
 */
export type NewerMessages = { reason: 'newer_messages'; count: number; latestMessageId: string };

/**
 * Collision detection: customer messages and colleagues' replies on the case newer than the one the agent
 * had seen (`null`: they saw none). The agent's own replies and internal notes never count.
 */
async function newerMessages(tx: Tx, caseId: string, staffId: string, seenId: string | null): Promise<NewerMessages | null> {
  let seenAt: Date | null = null;
  if (seenId) {
    const [seen] = await tx.select({ createdAt: caseMessages.createdAt }).from(caseMessages).where(and(eq(caseMessages.id, seenId), eq(caseMessages.caseId, caseId)));
    if (!seen) throw new AppError('invalid_input', 'The message seen is not on this case');
    seenAt = seen.createdAt;
  }
  const rows = await tx
    .select({ id: caseMessages.id })
    .from(caseMessages)
    .where(
      and(
        eq(caseMessages.caseId, caseId),
        inArray(caseMessages.kind, ['customer_message', 'reply']),
        or(eq(caseMessages.kind, 'customer_message'), isNull(caseMessages.authorStaffId), ne(caseMessages.authorStaffId, staffId)),
        seenAt ? gt(caseMessages.createdAt, seenAt) : undefined,
      ),
    )
    .orderBy(desc(caseMessages.createdAt), desc(caseMessages.id));
  return rows.length > 0 ? { reason: 'newer_messages', count: rows.length, latestMessageId: rows[0]!.id } : null;
}

export async function replyToCase(
  ctx: Ctx,
  input: { caseId: string; body: string; resolve?: boolean; lastSeenMessageId?: string | null; attachments?: UploadedFile[] },
): Promise<{ messageId: string; outboxId: string | null }> {
  const actor = authorize(ctx.actor, 'cases.work');
  const data = replySchema.parse(input);
  // Checked before anything is written: a refused file leaves the case as it was.
  const attachments = checkStaffAttachments(input.attachments);
  const secret = await getAppSecret(ctx.db);
  const now = new Date();
  return ctx.db.transaction(async (tx) => {
    const row = await lockCase(tx, data.caseId);
    // Under the case's row lock: a customer message or a colleague's reply committed since the agent started
    // writing is seen here (both lock the case too). Nothing is stored or sent; the agent is asked first.
    if (data.lastSeenMessageId !== undefined) {
      const newer = await newerMessages(tx, row.id, actor.staffId, data.lastSeenMessageId);
      if (newer) throw new AppError('conflict', 'New messages arrived while the agent was writing', { details: newer });
    }
    const { messageId, outboxId } = await storeAndSendReply(tx, row, { body: data.body, authorStaffId: actor.staffId, secret, now, attachments });
    const resolving = data.resolve === true && row.status !== 'resolved' && row.status !== 'closed';
    const next = resolving ? 'resolved' : row.status === 'open' || row.status === 'waiting_carrier' ? 'waiting_customer' : row.status;
    const config = await getSlaConfig(tx);
    await tx
      .update(cases)
      .set({ ...slaPatch(row, { status: next, firstResponse: true }, config, now), lastMessageAt: now, version: sql`${cases.version} + 1`, updatedAt: now })
      .where(eq(cases.id, row.id));
    await recordEvent(tx, { actor, type: 'case.replied', caseId: row.id, orderId: row.orderId, data: { messageId, outboxId, firstResponse: !row.firstRespondedAt, ...(attachments.length ? { attachments: attachments.length } : {}) } });
    if (resolving) {
      await recordEvent(tx, { actor, type: 'case.updated', caseId: row.id, orderId: row.orderId, data: { caseId: row.id, source: 'staff', changes: { status: { from: row.status, to: 'resolved' } } } });
      // The shop's systems hear of it as of any other resolve (the timeline shows the status change once).
      await recordEvent(tx, { actor, type: 'case.resolved', caseId: row.id, data: { caseId: row.id, orderId: row.orderId } });
      // As a status change to resolved from the case form: the satisfaction survey goes out (once per case).
      await queueCsatSurvey(tx, { caseId: row.id, actor });
    }
    return { messageId, outboxId };
  });
}

/**
 * The reply itself, on a case locked in this transaction: stored as a `reply` message (by the agent, or by no
 * one when an automation rule sends a macro) and emailed through the outbox in the case's language with the
 * signed link back, with its files (checked by the caller) stored on the message and attached to the email.
 * The caller moves the case's status and SLA and writes its audit row.
 */
export async function storeAndSendReply(
  tx: Tx,
  row: Case,
  input: { body: string; authorStaffId: string | null; secret: Buffer; now: Date; attachments?: readonly CheckedAttachment[] },
): Promise<{ messageId: string; outboxId: string | null }> {
  const { body, authorStaffId, secret, now } = input;
  const [order] = row.orderId ? await tx.select({ orderNumber: orders.orderNumber }).from(orders).where(eq(orders.id, row.orderId)) : [];
  const shop = await readShopSettings(tx);
  const [message] = await tx
    .insert(caseMessages)
    .values({ caseId: row.id, kind: 'reply', authorStaffId, body, locale: row.locale, createdAt: now })
    .returning({ id: caseMessages.id });
  const files = await storeStaffAttachments(tx, row.id, message!.id, input.attachments ?? []);
  const replyUrl = appUrl(`/${row.locale}/messages/${signReplyToken(secret, row.id, now)}`);
  const email = await renderReplyEmail({
    locale: row.locale,
    to: row.customerEmail,
    customerName: row.customerName,
    orderNumber: order?.orderNumber ?? null,
    caseNumber: row.number,
    shopName: shop.name,
    accentColor: shop.accentColor,
    body,
    replyUrl,
    messages: await loadEmailMessages(tx, row.locale),
    brand: emailBrand(shop),
  });
  // With inbound email on, the customer can simply answer: the per-case Reply-To and the case's thread
  // root in References bring the answer back into this case (lib/inbound). The Message-ID is the outbox row's.
  const inbound = inboundConfig();
  if (inbound) {
    email.replyTo = caseReplyAddress(secret, inbound.address, row.id);
    email.headers = { ...email.headers, References: `<case.${row.id}@${inbound.domain}>` };
  }
  if (files.length) email.attachments = files;
  const outboxId = await enqueueEmail(tx, { kind: 'email.case_reply', dedupeKey: `case_reply:${message!.id}`, locale: row.locale, orderId: row.orderId ?? undefined, caseId: row.id, email });
  await tx.update(caseMessages).set({ outboxId }).where(eq(caseMessages.id, message!.id));
  return { messageId: message!.id, outboxId };
}
