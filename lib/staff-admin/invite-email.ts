import { createTranslator } from 'use-intl/core';
import type { EmailPayload } from '@/db/schema';
import { type Locale, localeTags } from '@/lib/core/locales';
import { loadMessages } from '@/lib/i18n/messages';
import { escapeHtml, serviceEmailHtml } from '@/lib/outbox/service-email-layout';

/** The invitation: who invited, the one-time link and when it stops working. */
export async function renderInviteEmail(input: { locale: Locale; to: string; name: string; shopName: string; url: string; expiresAt: Date; timeZone: string }): Promise<EmailPayload> {
  const t = createTranslator({ locale: input.locale, messages: await loadMessages(input.locale), namespace: 'staffAdmin.inviteEmail' });
  const expires = new Intl.DateTimeFormat(localeTags[input.locale], { dateStyle: 'medium', timeStyle: 'short', timeZone: input.timeZone }).format(input.expiresAt);
  const values = { name: input.name, shop: input.shopName, expires };
  const heading = t('heading', values);
  const paragraphs = [t('body', values), t('expires', values)];
  const extraHtml = `<p style="margin:16px 0"><a href="${escapeHtml(input.url)}" style="display:inline-block;background:#1b2420;color:#ffffff;padding:12px 20px;border-radius:8px;text-decoration:none;font-weight:600">${escapeHtml(t('cta'))}</a></p>`;
  return {
    to: input.to,
    subject: t('subject', values),
    html: serviceEmailHtml({ locale: input.locale, shopName: input.shopName, heading, paragraphs, extraHtml, footer: escapeHtml(t('footer', values)) }),
    text: [heading, '', ...paragraphs, '', `${t('cta')}: ${input.url}`, '', t('footer', values)].join('\n'),
  };
}
