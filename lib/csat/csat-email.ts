import { createTranslator } from 'use-intl/core';
import type { Locale } from '@/lib/core/locales';
import { loadMessages, type Messages } from '@/lib/i18n/messages';
import type { EmailPayload } from '@/db/schema';
import { appUrl } from '@/lib/core/url';
import { type EmailBrand } from '@/lib/outbox/service-email-layout';
import { plainBrand, renderEmail } from '@/lib/outbox/email-layout';

export const CSAT_FACES = ['😞', '🙁', '😐', '🙂', '😄'] as const;

/** One service message: five one-click links (1–5), no promotion, an opt-out link at the foot. */
export async function renderCsatEmail(input: { locale: Locale; token: string; to: string; shopName: string; caseNumber: number; messages?: Messages; brand?: EmailBrand }): Promise<EmailPayload> {
  const t = createTranslator({ locale: input.locale, messages: input.messages ?? (await loadMessages(input.locale)), namespace: 'csat.email' });
  const values = { shop: input.shopName, caseNumber: input.caseNumber };
  const base = `/${input.locale}/csat/${input.token}`;
  const links = CSAT_FACES.map((face, i) => ({ face, score: i + 1, url: appUrl(`${base}?score=${i + 1}`), label: t(`score${i + 1}` as 'score1') }));
  const optOut = appUrl(`${base}/opt-out`);
  const heading = t('heading', values);
  const paragraphs = [t('body', values)];
  const { html, text } = await renderEmail({
    locale: input.locale,
    brand: input.brand ?? plainBrand(input.shopName),
    heading,
    blocks: [...paragraphs.map((text) => ({ kind: 'text' as const, text })), { kind: 'choices', items: links.map((l) => ({ symbol: l.face, caption: String(l.score), title: l.label, url: l.url })) }],
    footer: [t('footer', values)],
    footerLink: { label: t('optOut'), url: optOut },
  });
  return {
    to: input.to,
    subject: t('subject', values),
    html,
    text,
    headers: { 'List-Unsubscribe': `<${optOut}>` },
  };
}
