import { and, desc, eq, inArray, notLike, sql } from 'drizzle-orm';
import type { Db, Tx } from '@/db';
import { caseAttachments, caseMessages, cases, inboundEmails, orders, outbox, returns, shipments } from '@/db/schema';
import { normalizeTrackingNumber } from '@/lib/carriers/tracking-number';
import { carrierName } from '@/lib/carriers/catalog';
import { openCase } from '@/lib/cases/open-case';
import { appendCustomerMessage, recordCustomerReply } from '@/lib/cases/append-customer-message';
import { recordEvent } from '@/lib/core/events';
import { PENDING_PREFIX } from '@/lib/core/pending-parcel';
import { slaPatch } from '@/lib/cases/case-sla';
import { isLocale, type Locale } from '@/lib/i18n/locales';
import { enqueueEmail } from '@/lib/outbox/enqueue-email';
import { emailBrand } from '@/lib/outbox/service-email-layout';
import { checkLimit, hitLimit, type Limit } from '@/lib/rate-limit/rate-limit';
import { loadEmailMessages } from '@/lib/settings/email-templates';
import { readAppSecret } from '@/lib/settings/read-app-secret';
import { readShopSettings } from '@/lib/settings/shop-settings';
import { getSlaConfig } from '@/lib/sla/config';
import { mintTrackingLink } from '@/lib/tracking-links/mint-tracking-link';
import type { InboundConfig } from '@/lib/cases/inbound-config';
import { caseTokenOfRecipient, decideAttachment, dedupeKeyOf, detectWismo, ignoreReason, type InboundMessage, ownIdParts, referenceCandidates, stripQuoted, threadCandidates } from './parse';
import { caseIdOfAddressToken, caseReplyAddress } from '@/lib/cases/reply-address';
import { renderWismoAnswer } from './wismo-email';

/** New cases one sender may open by email per hour; replies into existing cases count too. */
export const INBOUND_SENDER_LIMIT: Limit = { bucket: 'inbound_email_sender', max: 20, windowSeconds: 60 * 60 };

export type ImportOutcome =
  | { outcome: 'duplicate' }
  | { outcome: 'ignored'; reason: string }
  | { outcome: 'rate_limited' }
  | { outcome: 'threaded' | 'opened' | 'auto_answered'; caseId: string; caseMessageId: string };

const MAX_BODY = 20_000;

/** The case an answer belongs to: our reply address first, then the Message-IDs it answers. */
async function threadedCase(tx: Tx, message: InboundMessage, config: InboundConfig, secret: Buffer): Promise<string | null> {
  for (const recipient of message.recipients) {
    const token = caseTokenOfRecipient(recipient, config.address);
    const caseId = token ? caseIdOfAddressToken(secret, token) : null;
    if (caseId && (await tx.select({ id: cases.id }).from(cases).where(eq(cases.id, caseId))).length) return caseId;
  }
  const candidates = threadCandidates(message);
  if (candidates.length === 0) return null;
  for (const id of candidates) {
    const own = ownIdParts(id, config.ownDomains);
    if (own?.kind === 'case') {
      const [row] = await tx.select({ id: cases.id }).from(cases).where(eq(cases.id, own.id));
      if (row) return row.id;
    } else if (own?.kind === 'outbox') {
      const [row] = await tx.select({ caseId: outbox.caseId }).from(outbox).where(eq(outbox.id, own.id));
      if (row?.caseId) return row.caseId;
    }
  }
  // The customer's own earlier email (they answered themselves, or a colleague in Cc did).
  const [earlier] = await tx
    .select({ caseId: inboundEmails.caseId })
    .from(inboundEmails)
    .where(and(inArray(inboundEmails.messageId, candidates), sql`${inboundEmails.caseId} is not null`))
    .limit(1);
  return earlier?.caseId ?? null;
}

/** The order an email names (order number, tracking number, RMA), else the sender's latest order. */
async function linkedOrder(tx: Tx, message: InboundMessage): Promise<{ id: string; orderNumber: string; locale: Locale; customerName: string } | null> {
  const words = referenceCandidates(message.subject, message.text);
  const cols = { id: orders.id, orderNumber: orders.orderNumber, locale: orders.locale, customerName: orders.customerName };
  if (words.length > 0) {
    const byNumber = await tx.select(cols).from(orders).where(inArray(sql`upper(${orders.orderNumber})`, words)).limit(1);
    if (byNumber[0]) return byNumber[0];
    const byParcel = await tx
      .select(cols)
      .from(shipments)
      .innerJoin(orders, eq(orders.id, shipments.orderId))
      .where(inArray(shipments.trackingNumber, words.map(normalizeTrackingNumber)))
      .limit(1);
    if (byParcel[0]) return byParcel[0];
    const byRma = await tx.select(cols).from(returns).innerJoin(orders, eq(orders.id, returns.orderId)).where(inArray(sql`upper(${returns.rmaNumber})`, words)).limit(1);
    if (byRma[0]) return byRma[0];
  }
  const [latest] = await tx.select(cols).from(orders).where(sql`lower(${orders.email}) = ${message.from}`).orderBy(desc(orders.placedAt)).limit(1);
  return latest ?? null;
}

async function storeAttachments(tx: Tx, caseId: string, caseMessageId: string, message: InboundMessage) {
  const dropped: Array<{ filename: string; reason: string }> = [];
  let kept = 0;
  for (const [i, a] of message.attachments.entries()) {
    const decision = decideAttachment(a, i);
    const filename = (a.filename || 'attachment').replace(/[\u0000-\u001f/\\]/g, '_').slice(0, 200);
    const size = Math.max(a.size, a.content.length);
    if (decision.keep) {
      await tx.insert(caseAttachments).values({ caseId, caseMessageId, filename, contentType: decision.contentType!, sizeBytes: size, data: a.content });
      kept++;
    } else {
      await tx.insert(caseAttachments).values({ caseId, caseMessageId, filename, contentType: (decision.contentType ?? a.contentType).slice(0, 100), sizeBytes: size, rejected: decision.reason });
      dropped.push({ filename, reason: decision.reason });
    }
  }
  return { kept, dropped };
}

/**
 * One email in: never twice (the Message-ID is claimed first, in the same transaction), never from a
 * machine (auto-replies, bounces, lists, our own mail), at most INBOUND_SENDER_LIMIT per sender an hour.
 * An answer lands in its case as a customer message and reopens it; a new email opens a question case
 * linked to the order it names; a "where is my order" email whose order has a parcel is answered at once
 * with the parcel's status and tracking link and counted as deflected. Audited with `recordEvent`.
 */
export async function importInboundEmail(db: Db, message: InboundMessage, input: { source: 'smtp' | 'imap'; config: InboundConfig }): Promise<ImportOutcome> {
  const { config } = input;
  const messageId = dedupeKeyOf(message);
  const secret = await readAppSecret(db);
  const now = new Date();
  const reason = ignoreReason(message, config.ownDomains, [config.address]);
  const sender = (message.from ?? '').slice(0, 320);
  const subject = message.subject.slice(0, 300);
  // A message seen before (a re-poll, a forwarding retry) costs the sender nothing; the claim below decides for real.
  const [seen] = await db.select({ id: inboundEmails.id }).from(inboundEmails).where(eq(inboundEmails.messageId, messageId));
  if (seen) return { outcome: 'duplicate' };
  let limited = false;
  if (!reason) {
    limited = (await checkLimit(db, INBOUND_SENDER_LIMIT, sender)).blocked;
    if (!limited) await hitLimit(db, INBOUND_SENDER_LIMIT, sender);
  }

  return db.transaction(async (tx) => {
    // Claim the Message-ID first: a second worker (or a re-poll) with the same message stops here.
    const [claim] = await tx
      .insert(inboundEmails)
      .values({ messageId, source: input.source, sender, subject, outcome: reason ? 'ignored' : limited ? 'rate_limited' : 'opened', reason, createdAt: now })
      .onConflictDoNothing({ target: inboundEmails.messageId })
      .returning({ id: inboundEmails.id });
    if (!claim) return { outcome: 'duplicate' as const };
    if (reason) return { outcome: 'ignored' as const, reason };
    if (limited) return { outcome: 'rate_limited' as const };

    const body = (stripQuoted(message.text) || message.subject || '—').slice(0, MAX_BODY);
    const threadId = await threadedCase(tx, message, config, secret);
    if (threadId) {
      const [row] = await tx.select().from(cases).where(eq(cases.id, threadId)).for('update');
      const c = row!;
      const { messageId: msgId } = await appendCustomerMessage(tx, c, body, now);
      const files = await storeAttachments(tx, c.id, msgId, message);
      await tx.update(inboundEmails).set({ outcome: 'threaded', caseId: c.id, caseMessageId: msgId }).where(eq(inboundEmails.id, claim.id));
      await recordCustomerReply(tx, c, msgId, { via: `email_${input.source}`, attachmentsKept: files.kept, attachmentsDropped: files.dropped });
      return { outcome: 'threaded' as const, caseId: c.id, caseMessageId: msgId };
    }

    const order = await linkedOrder(tx, message);
    const wismo = detectWismo(message.subject, message.text);
    const locale: Locale = wismo?.locale ?? (order && isLocale(order.locale) ? order.locale : 'fi');
    const opened = await openCase(tx, {
      actor: order ? { type: 'customer', orderId: order.id } : { type: 'system' },
      type: 'question',
      subject: subject || '—',
      customerEmail: sender,
      customerName: message.fromName?.slice(0, 200) || order?.customerName || null,
      locale,
      orderId: order?.id ?? null,
      tags: wismo ? ['email', 'wismo'] : ['email'],
    });
    const [msg] = await tx.insert(caseMessages).values({ caseId: opened.id, kind: 'customer_message', body, locale, createdAt: now }).returning({ id: caseMessages.id });
    const files = await storeAttachments(tx, opened.id, msg!.id, message);
    await tx.update(cases).set({ lastMessageAt: now }).where(eq(cases.id, opened.id));
    await recordEvent(tx, {
      actor: order ? { type: 'customer', orderId: order.id } : { type: 'system' },
      type: 'case.email_received',
      caseId: opened.id,
      orderId: order?.id ?? null,
      data: { messageId: msg!.id, via: `email_${input.source}`, linkedBy: order ? 'reference_or_sender' : null, wismo: wismo?.locale ?? null, attachmentsKept: files.kept, attachmentsDropped: files.dropped },
    });

    const [parcel] =
      wismo && order
        ? await tx
            .select()
            .from(shipments)
            // A parcel still awaiting the shop (an exchange's, a reship's) has no status or number to answer with.
            .where(and(eq(shipments.orderId, order.id), eq(shipments.direction, 'outbound'), notLike(shipments.trackingNumber, `${PENDING_PREFIX}%`)))
            .orderBy(desc(shipments.createdAt))
            .limit(1)
        : [];
    if (!parcel || !order) {
      await tx.update(inboundEmails).set({ outcome: 'opened', caseId: opened.id, caseMessageId: msg!.id }).where(eq(inboundEmails.id, claim.id));
      return { outcome: 'opened' as const, caseId: opened.id, caseMessageId: msg!.id };
    }

    // The automatic answer: parcel status and a fresh tracking link, in the language the customer wrote in.
    const link = await mintTrackingLink(tx, { orderId: order.id });
    const messages = await loadEmailMessages(tx, locale);
    const shop = await readShopSettings(tx);
    const customerName = message.fromName || order.customerName;
    const email = await renderWismoAnswer({
      locale,
      messages,
      to: sender,
      firstName: customerName ? customerName.split(' ')[0]! : null,
      orderNumber: order.orderNumber,
      caseNumber: opened.number,
      carrier: carrierName(parcel.carrier),
      trackingNumber: parcel.trackingNumber,
      status: parcel.status,
      trackingUrl: link.url,
      brand: emailBrand(shop),
    });
    const [answer] = await tx.insert(caseMessages).values({ caseId: opened.id, kind: 'reply', body: email.text, locale, createdAt: now }).returning({ id: caseMessages.id });
    const headers: Record<string, string> = { 'Auto-Submitted': 'auto-replied', 'In-Reply-To': `<${messageId}>`, References: `<case.${opened.id}@${config.domain}> <${messageId}>` };
    const outboxId = await enqueueEmail(tx, {
      kind: 'email.inbound_wismo_answer',
      dedupeKey: `inbound_wismo:${claim.id}`,
      locale,
      orderId: order.id,
      caseId: opened.id,
      email: { ...email, replyTo: caseReplyAddress(secret, config.address, opened.id), headers },
    });
    await tx.update(caseMessages).set({ outboxId }).where(eq(caseMessages.id, answer!.id));
    // Answered and done unless the customer writes again (which reopens it): a deflected contact.
    const [fresh] = await tx.select().from(cases).where(eq(cases.id, opened.id));
    await tx
      .update(cases)
      .set({ ...slaPatch(fresh!, { status: 'resolved' }, await getSlaConfig(tx), now), lastMessageAt: now, version: sql`${cases.version} + 1`, updatedAt: now })
      .where(eq(cases.id, opened.id));
    await tx.update(inboundEmails).set({ outcome: 'auto_answered', caseId: opened.id, caseMessageId: msg!.id }).where(eq(inboundEmails.id, claim.id));
    await recordEvent(tx, {
      actor: { type: 'system' },
      type: 'case.auto_answered',
      caseId: opened.id,
      orderId: order.id,
      data: { messageId: answer!.id, outboxId, shipmentId: parcel.id, status: parcel.status, deflected: true },
    });
    return { outcome: 'auto_answered' as const, caseId: opened.id, caseMessageId: msg!.id };
  });
}
