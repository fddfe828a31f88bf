import 'server-only';
import { eq, sql } from 'drizzle-orm';
import { caseMessages, cases, orders } from '@/db/schema';
import type { Ctx } from '@/lib/core/actor';
import { enqueueEmail } from '@/lib/outbox/enqueue-email';
import { getAppSecret } from '@/lib/settings/app-secret';
import { getRawSetting, getSlaConfig } from '@/lib/sla/config';
import { slaPatch } from './case-sla';
import { lockCase } from './load-case';
import { recordCaseEvent } from '@/lib/audit/record-case-event';
import { renderReplyEmail } from './reply-email';
import { emailBrand } from '@/lib/outbox/service-email-layout';
import { loadEmailMessages } from '@/lib/settings/email-templates';
import { readShopSettings } from '@/lib/settings/shop-settings';
import { signReplyToken } from './reply-token';
import { queueCsatSurvey } from '@/lib/csat/queue-csat-survey';
import { replySchema } from './schemas';
import { appUrl } from '@/lib/core/url';
import { authorize } from '@/lib/core/authorize';
import { inboundConfig } from './inbound-config';
import { caseReplyAddress } from './reply-address';

/**
 * A reply to the customer: stored on the case, emailed through the outbox in the customer's language
 * with a signed link back to answer, first response recorded; the case then waits on the customer
 * (SLA paused). Replies are append-only, so they never conflict with another agent's edit.
 */
export async function replyToCase(ctx: Ctx, input: { caseId: string; body: string; resolve?: boolean }): Promise<{ messageId: string; outboxId: string | null }> {
  const actor = authorize(ctx.actor, 'cases.work');
  const data = replySchema.parse(input);
  const secret = await getAppSecret(ctx.db);
  const now = new Date();
  return ctx.db.transaction(async (tx) => {
    const row = await lockCase(tx, data.caseId);
    const [order] = row.orderId ? await tx.select({ orderNumber: orders.orderNumber }).from(orders).where(eq(orders.id, row.orderId)) : [];
    const shop = ((await getRawSetting(tx, 'shop')) ?? {}) as { name?: string; accentColor?: string };
    const [message] = await tx
      .insert(caseMessages)
      .values({ caseId: row.id, kind: 'reply', authorStaffId: actor.staffId, body: data.body, locale: row.locale, createdAt: now })
      .returning({ id: caseMessages.id });
    const replyUrl = appUrl(`/${row.locale}/messages/${signReplyToken(secret, row.id, now)}`);
    const email = await renderReplyEmail({
      locale: row.locale,
      to: row.customerEmail,
      customerName: row.customerName,
      orderNumber: order?.orderNumber ?? null,
      caseNumber: row.number,
      shopName: shop.name ?? 'Paluu',
      accentColor: shop.accentColor ?? '#1f5f4a',
      body: data.body,
      replyUrl,
      messages: await loadEmailMessages(tx, row.locale),
      brand: emailBrand(await readShopSettings(tx)),
    });
    // With inbound email on, the customer can simply answer: the per-case Reply-To and the case's thread
    // root in References bring the answer back into this case (lib/inbound). The Message-ID is the outbox row's.
    const inbound = inboundConfig();
    if (inbound) {
      email.replyTo = caseReplyAddress(secret, inbound.address, row.id);
      email.headers = { ...email.headers, References: `<case.${row.id}@${inbound.domain}>` };
    }
    const outboxId = await enqueueEmail(tx, { kind: 'email.case_reply', dedupeKey: `case_reply:${message!.id}`, locale: row.locale, orderId: row.orderId ?? undefined, caseId: row.id, email });
    await tx.update(caseMessages).set({ outboxId }).where(eq(caseMessages.id, message!.id));
    const resolving = data.resolve === true && row.status !== 'resolved' && row.status !== 'closed';
    const next = resolving ? 'resolved' : row.status === 'open' || row.status === 'waiting_carrier' ? 'waiting_customer' : row.status;
    const config = await getSlaConfig(tx);
    await tx
      .update(cases)
      .set({ ...slaPatch(row, { status: next, firstResponse: true }, config, now), lastMessageAt: now, version: sql`${cases.version} + 1`, updatedAt: now })
      .where(eq(cases.id, row.id));
    await recordCaseEvent(tx, { actor, type: 'case.replied', caseId: row.id, orderId: row.orderId, data: { messageId: message!.id, outboxId, firstResponse: !row.firstRespondedAt } });
    if (resolving) {
      await recordCaseEvent(tx, { actor, type: 'case.updated', caseId: row.id, orderId: row.orderId, data: { changes: { status: { from: row.status, to: 'resolved' } } } });
      // As a status change to resolved from the case form: the satisfaction survey goes out (once per case).
      await queueCsatSurvey(tx, { caseId: row.id, actor });
    }
    return { messageId: message!.id, outboxId };
  });
}
