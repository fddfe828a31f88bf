import { createTranslator } from 'use-intl/core';
import type { Locale } from '@/lib/core/locales';
import type { Messages } from '@/lib/i18n/messages';
import { renderEmail } from '@/lib/outbox/email-layout';
import type { EmailBrand } from '@/lib/outbox/service-email-layout';

/** The one-time link email, in the order's language: the subject names the order number. */
export async function renderAccessLinkEmail(
  locale: Locale,
  messages: Messages,
  input: { orderNumber: string; url: string; brand: EmailBrand },
): Promise<{ subject: string; text: string; html: string }> {
  const t = createTranslator({ locale, messages, namespace: 'customerAccess.email' });
  const subject = t('subject', { orderNumber: input.orderNumber, shop: input.brand.shopName });
  const heading = t('heading', { orderNumber: input.orderNumber });
  const { html, text } = await renderEmail({
    locale,
    brand: input.brand,
    heading,
    blocks: [
      { kind: 'text', text: t('body') },
      { kind: 'button', label: t('button'), url: input.url },
      { kind: 'text', text: t('ignore') },
    ],
    footer: [input.brand.shopName],
  });
  return { subject, text, html };
}
