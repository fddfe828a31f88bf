import { createTranslator } from 'next-intl';
import type { EmailPayload } from '@/db/schema';
import type { Locale } from '@/lib/core/locales';
import { loadMessages, type Messages } from '@/lib/i18n/messages';
import { type EmailBrand, emailContactHtml, escapeHtml } from '@/lib/outbox/service-email-layout';


/** An agent's reply as the customer receives it: their language, the order number in the subject, a link to answer. */
export async function renderReplyEmail(input: {
  locale: Locale;
  to: string;
  customerName: string | null;
  orderNumber: string | null;
  caseNumber: number;
  shopName: string;
  accentColor: string;
  body: string;
  replyUrl: string;
  /** The shop's texts (`loadEmailMessages`); the plain catalog without. */
  messages?: Messages;
  brand?: EmailBrand;
}): Promise<EmailPayload> {
  const t = createTranslator({ locale: input.locale, messages: input.messages ?? (await loadMessages(input.locale)), namespace: 'caseReply.email' });
  const subject = input.orderNumber ? t('subjectOrder', { orderNumber: input.orderNumber, shop: input.shopName }) : t('subjectCase', { caseNumber: input.caseNumber, shop: input.shopName });
  const greeting = input.customerName ? t('greetingName', { name: input.customerName.split(' ')[0]! }) : t('greeting');
  const paragraphs = input.body.split(/\n{2,}/).map((p) => `<p style="margin:0 0 12px">${escapeHtml(p).replace(/\n/g, '<br>')}</p>`);
  const html = `<!doctype html><html lang="${input.locale}"><body style="margin:0;background:#f5f7f6;font-family:system-ui,-apple-system,'Segoe UI',Roboto,Arial,sans-serif;color:#1c2421">
<div style="max-width:560px;margin:0 auto;padding:24px">
<div style="font-size:18px;font-weight:600;padding-bottom:12px;border-bottom:3px solid ${escapeHtml(input.accentColor)}">${input.brand?.logoUrl ? `<img src="${escapeHtml(input.brand.logoUrl)}" alt="${escapeHtml(input.shopName)}" style="max-height:48px;max-width:240px;border:0">` : escapeHtml(input.shopName)}</div>
<div style="background:#fff;padding:20px;margin-top:16px;border-radius:8px">
<p style="margin:0 0 12px">${escapeHtml(greeting)}</p>
${paragraphs.join('\n')}
<p style="margin:20px 0"><a href="${escapeHtml(input.replyUrl)}" style="display:inline-block;background:${escapeHtml(input.accentColor)};color:#fff;padding:12px 20px;border-radius:8px;text-decoration:none;font-weight:600">${escapeHtml(t('button'))}</a></p>
<p style="margin:0;font-size:14px;color:#4f5b57">${escapeHtml(t('linkNote'))}</p>
</div>
<p style="font-size:13px;color:#4f5b57">${escapeHtml(t('footer', { shop: input.shopName, caseNumber: input.caseNumber }))}</p>
${input.brand ? emailContactHtml(input.brand) : ''}
</div></body></html>`;
  const text = [greeting, '', input.body, '', `${t('button')}: ${input.replyUrl}`, t('linkNote'), '', t('footer', { shop: input.shopName, caseNumber: input.caseNumber })].join('\n');
  return { to: input.to, subject, html, text };
}
