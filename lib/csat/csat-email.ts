import { createTranslator } from 'use-intl/core';
import type { Locale } from '@/lib/core/locales';
import { loadMessages, type Messages } from '@/lib/i18n/messages';
import type { EmailPayload } from '@/db/schema';
import { appUrl } from '@/lib/core/url';
import { escapeHtml, serviceEmailHtml, type EmailBrand } from '@/lib/outbox/service-email-layout';

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
  const extraHtml = `<table role="presentation" cellpadding="0" cellspacing="0" style="margin:8px 0 16px"><tr>${links
    .map(
      (l) =>
        `<td style="padding:0 4px"><a href="${escapeHtml(l.url)}" title="${escapeHtml(l.label)}" style="display:inline-block;text-decoration:none;font-size:32px;line-height:44px;width:48px;text-align:center;border:1px solid #dfe5e2;border-radius:8px">${l.face}<span style="display:block;font-size:12px;line-height:16px;color:#1b2420">${l.score}</span></a></td>`,
    )
    .join('')}</tr></table>`;
  const footer = `${escapeHtml(t('footer', values))} <a href="${escapeHtml(optOut)}" style="color:#56625d">${escapeHtml(t('optOut'))}</a>`;
  return {
    to: input.to,
    subject: t('subject', values),
    html: serviceEmailHtml({ locale: input.locale, shopName: input.shopName, heading, paragraphs, extraHtml, footer, brand: input.brand }),
    text: [heading, '', ...paragraphs, '', ...links.map((l) => `${l.score} – ${l.label}: ${l.url}`), '', t('footer', values), `${t('optOut')}: ${optOut}`].join('\n'),
    headers: { 'List-Unsubscribe': `<${optOut}>` },
  };
}
