import { createTranslator } from 'use-intl/core';
import type { EmailPayload } from '@/db/schema';
import { type Locale } from '@/lib/core/locales';
import { formatDate } from '@/lib/i18n/format';
import { loadMessages } from '@/lib/i18n/messages';
import { plainBrand, renderEmail } from '@/lib/outbox/email-layout';

/** The invitation: who invited, the one-time link and when it stops working. */
export async function renderInviteEmail(input: { locale: Locale; to: string; name: string; shopName: string; url: string; expiresAt: Date; timeZone: string }): Promise<EmailPayload> {
  const t = createTranslator({ locale: input.locale, messages: await loadMessages(input.locale), namespace: 'staffAdmin.inviteEmail' });
  const expires = formatDate(input.locale, input.expiresAt, { style: 'dateTime', timeZone: input.timeZone });
  const values = { name: input.name, shop: input.shopName, expires };
  const heading = t('heading', values);
  const paragraphs = [t('body', values), t('expires', values)];
  const { html, text } = await renderEmail({
    locale: input.locale,
    brand: plainBrand(input.shopName),
    heading,
    blocks: [...paragraphs.map((text) => ({ kind: 'text' as const, text })), { kind: 'button', label: t('cta'), url: input.url }],
    footer: [t('footer', values)],
  });
  return { to: input.to, subject: t('subject', values), html, text };
}
