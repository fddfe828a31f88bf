import { createTranslator } from 'next-intl';
import type { EmailPayload } from '@/db/schema';
import type { Locale } from '@/lib/core/locales';
import { loadMessages, type Messages } from '@/lib/i18n/messages';
import { plainBrand, renderEmail } from '@/lib/outbox/email-layout';
import type { EmailBrand } from '@/lib/outbox/service-email-layout';


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
  const { html, text } = await renderEmail({
    locale: input.locale,
    brand: input.brand ?? { ...plainBrand(input.shopName), accentColor: input.accentColor },
    heading: subject,
    preview: input.body.slice(0, 140),
    blocks: [
      { kind: 'text', text: greeting },
      // The agent's paragraphs as they wrote them (line breaks kept by the layout's pre-line rows).
      ...input.body.split(/\n{2,}/).map((text) => ({ kind: 'text' as const, text })),
      { kind: 'button', label: t('button'), url: input.replyUrl },
      { kind: 'note', text: t('linkNote') },
    ],
    footer: [t('footer', { shop: input.shopName, caseNumber: input.caseNumber })],
  });
  return { to: input.to, subject, html, text };
}
