import { createTranslator } from 'use-intl/core';
import type { Locale } from '@/lib/core/locales';
import type { Messages } from '@/lib/i18n/messages';
import { type EmailBrand, emailContactText, escapeHtml, serviceEmailHtml } from '@/lib/outbox/service-email-layout';

/** The one-time link email, in the order's language: the subject names the order number. */
export function renderAccessLinkEmail(
  locale: Locale,
  messages: Messages,
  input: { orderNumber: string; url: string; brand: EmailBrand },
): { subject: string; text: string; html: string } {
  const t = createTranslator({ locale, messages, namespace: 'customerAccess.email' });
  const subject = t('subject', { orderNumber: input.orderNumber, shop: input.brand.shopName });
  const heading = t('heading', { orderNumber: input.orderNumber });
  const paragraphs = [t('body'), t('ignore')];
  const contact = emailContactText(input.brand);
  const text = [heading, '', t('body'), '', `${t('button')}: ${input.url}`, '', t('ignore'), '', input.brand.shopName, contact].filter((l) => l !== undefined).join('\n').trim();
  const html = serviceEmailHtml({
    locale,
    shopName: input.brand.shopName,
    heading,
    paragraphs: paragraphs.slice(0, 1),
    extraHtml: `<p style="margin:16px 0"><a href="${escapeHtml(input.url)}" style="display:inline-block;padding:12px 20px;background:#1f5f4a;color:#fff;border-radius:8px;text-decoration:none;font-weight:600">${escapeHtml(t('button'))}</a></p>
<p style="margin:0 0 12px;line-height:1.5">${escapeHtml(paragraphs[1]!)}</p>`,
    footer: escapeHtml(input.brand.shopName),
    brand: input.brand,
  });
  return { subject, text, html };
}
