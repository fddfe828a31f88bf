import { createTranslator } from 'next-intl';
import type { EmailPayload } from '@/db/schema';
import type { Locale } from '@/lib/i18n/locales';
import type { Messages } from '@/lib/i18n/messages';
import { type EmailBrand, escapeHtml, serviceEmailHtml } from '@/lib/outbox/service-email-layout';

/** The automatic answer to a "where is my order" email: the parcel's status and its tracking link. */
export function renderWismoAnswer(input: {
  locale: Locale;
  messages: Messages;
  to: string;
  firstName: string | null;
  orderNumber: string;
  caseNumber: number;
  carrier: string;
  trackingNumber: string;
  status: string;
  trackingUrl: string;
  brand: EmailBrand;
}): Omit<EmailPayload, 'replyTo' | 'headers'> {
  const t = createTranslator({ locale: input.locale, messages: input.messages, namespace: 'inboundEmail.wismo' });
  const status = createTranslator({ locale: input.locale, messages: input.messages, namespace: 'parcel.status' });
  const statusText = status.has(input.status as never) ? status(input.status as never) : input.status;
  const subject = t('subject', { orderNumber: input.orderNumber, shop: input.brand.shopName });
  const greeting = input.firstName ? t('greetingName', { name: input.firstName }) : t('greeting');
  const paragraphs = [greeting, t('status', { orderNumber: input.orderNumber, carrier: input.carrier, trackingNumber: input.trackingNumber, status: statusText }), t('more')];
  const footer = t('footer', { caseNumber: input.caseNumber });
  const link = t('button');
  const html = serviceEmailHtml({
    locale: input.locale,
    shopName: input.brand.shopName,
    heading: t('heading'),
    paragraphs,
    extraHtml: `<p style="margin:20px 0"><a href="${escapeHtml(input.trackingUrl)}" style="display:inline-block;background:${escapeHtml(input.brand.accentColor)};color:#fff;padding:12px 20px;border-radius:8px;text-decoration:none;font-weight:600">${escapeHtml(link)}</a></p>`,
    footer: escapeHtml(footer),
    brand: input.brand,
  });
  const text = [...paragraphs, '', `${link}: ${input.trackingUrl}`, '', footer].join('\n');
  return { to: input.to, subject, html, text };
}
