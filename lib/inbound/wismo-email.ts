import { createTranslator } from 'next-intl';
import type { EmailPayload } from '@/db/schema';
import type { Locale } from '@/lib/i18n/locales';
import type { Messages } from '@/lib/i18n/messages';
import { renderEmail } from '@/lib/outbox/email-layout';
import type { EmailBrand } from '@/lib/outbox/service-email-layout';

/** The automatic answer to a "where is my order" email: the parcel's status and its tracking link. */
export async function renderWismoAnswer(input: {
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
}): Promise<Omit<EmailPayload, 'replyTo' | 'headers'>> {
  const t = createTranslator({ locale: input.locale, messages: input.messages, namespace: 'inboundEmail.wismo' });
  const status = createTranslator({ locale: input.locale, messages: input.messages, namespace: 'parcel.status' });
  const statusText = status.has(input.status as never) ? status(input.status as never) : input.status;
  const subject = t('subject', { orderNumber: input.orderNumber, shop: input.brand.shopName });
  const greeting = input.firstName ? t('greetingName', { name: input.firstName }) : t('greeting');
  const paragraphs = [greeting, t('status', { orderNumber: input.orderNumber, carrier: input.carrier, trackingNumber: input.trackingNumber, status: statusText }), t('more')];
  const footer = t('footer', { caseNumber: input.caseNumber });
  const { html, text } = await renderEmail({
    locale: input.locale,
    brand: input.brand,
    heading: t('heading'),
    blocks: [...paragraphs.map((paragraph) => ({ kind: 'text' as const, text: paragraph })), { kind: 'button', label: t('button'), url: input.trackingUrl }],
    footer: [footer],
  });
  return { to: input.to, subject, html, text };
}
