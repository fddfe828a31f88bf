import { PDFDocument, StandardFonts } from 'pdf-lib';
import { createTranslator } from 'use-intl/core';
import { formatMoney } from '@/lib/core/money';
import { localeTags, type Locale } from '@/lib/core/locales';
import { loadMessages, type Messages } from '@/lib/i18n/messages';
import { drawWrapped, winAnsi } from '@/lib/pdf/text';
import { escapeHtml } from '@/lib/outbox/service-email-layout';

/** Everything the acknowledgement of receipt states (art. 11a(4): content, date and time). */
export type WithdrawalReceipt = {
  receiptNumber: string;
  shopName: string;
  supportEmail: string | null;
  orderNumber: string;
  name: string;
  email: string;
  /** Null: the whole order. */
  lines: Array<{ title: string; quantity: number }> | null;
  submittedAt: string;
  timeZone: string;
  locale: Locale;
  currency: string;
  itemsAmount: number;
  deliveryRefundAmount: number;
};

/** "24.11.2026 14.05 (Europe/Helsinki, UTC+02:00)": the wall-clock time and the zone it is in. */
export function formatInstant(at: Date, timeZone: string, locale: Locale): string {
  const tag = localeTags[locale];
  const local = new Intl.DateTimeFormat(tag, { timeZone, dateStyle: 'short', timeStyle: 'short' }).format(at);
  const offset =
    new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'longOffset' }).formatToParts(at).find((p) => p.type === 'timeZoneName')?.value ?? 'GMT';
  const utc = offset === 'GMT' ? 'UTC+00:00' : offset.replace('GMT', 'UTC');
  return `${local} (${timeZone}, ${utc})`;
}

export async function receiptTranslator(locale: Locale, messages?: Messages) {
  return createTranslator({ locale, messages: messages ?? (await loadMessages(locale)), namespace: 'withdrawalEmail' });
}
type T = Awaited<ReturnType<typeof receiptTranslator>>;

const money = (minor: number, currency: string, locale: Locale): string => formatMoney(locale, minor, currency);

/** The receipt as label/value rows, shared by the email, the screen and the PDF. */
export function receiptRows(t: T, r: WithdrawalReceipt): Array<{ label: string; value: string }> {
  const items = r.lines ? r.lines.map((l) => t('itemLine', { quantity: l.quantity, title: l.title })).join('\n') : t('wholeOrder');
  return [
    { label: t('receiptNumber'), value: r.receiptNumber },
    { label: t('submittedAt'), value: formatInstant(new Date(r.submittedAt), r.timeZone, r.locale) },
    { label: t('seller'), value: r.shopName },
    { label: t('order'), value: r.orderNumber },
    { label: t('name'), value: r.name },
    { label: t('email'), value: r.email },
    { label: t('items'), value: items },
  ];
}

export function refundText(t: T, r: WithdrawalReceipt): string {
  return t('refund', { items: money(r.itemsAmount, r.currency, r.locale), delivery: money(r.deliveryRefundAmount, r.currency, r.locale) });
}


/** The acknowledgement email: plain text and HTML, no promotion (legal.md §6, E2). */
export function renderReceiptEmail(t: T, r: WithdrawalReceipt, receiptUrl: string | null): { subject: string; text: string; html: string } {
  const rows = receiptRows(t, r);
  const subject = t('subject', { orderNumber: r.orderNumber, shop: r.shopName });
  const text = [
    t('heading'),
    '',
    t('intro'),
    '',
    `${t('statementLabel')}: ${t('statement')}`,
    '',
    ...rows.map((row) => `${row.label}: ${row.value.replace(/\n/g, '\n  ')}`),
    '',
    refundText(t, r),
    t('sendBack'),
    ...(receiptUrl ? ['', `${t('download')}: ${receiptUrl}`] : []),
    '',
    r.supportEmail ? t('footer', { shop: r.shopName, email: r.supportEmail }) : r.shopName,
  ].join('\n');
  const html = `<!doctype html><html lang="${r.locale}"><body style="font-family:system-ui,sans-serif;color:#1b1f1d;max-width:560px;margin:0 auto;padding:16px">
<p style="font-weight:600">${escapeHtml(r.shopName)}</p>
<h1 style="font-size:20px">${escapeHtml(t('heading'))}</h1>
<p>${escapeHtml(t('intro'))}</p>
<p><strong>${escapeHtml(t('statementLabel'))}:</strong> ${escapeHtml(t('statement'))}</p>
<table role="presentation" style="border-collapse:collapse">${rows
    .map((row) => `<tr><th style="text-align:left;padding:4px 12px 4px 0;vertical-align:top">${escapeHtml(row.label)}</th><td style="padding:4px 0">${escapeHtml(row.value).replace(/\n/g, '<br>')}</td></tr>`)
    .join('')}</table>
<p>${escapeHtml(refundText(t, r))}</p>
<p>${escapeHtml(t('sendBack'))}</p>
${receiptUrl ? `<p><a href="${escapeHtml(receiptUrl)}">${escapeHtml(t('download'))}</a></p>` : ''}
<p style="color:#4d5752;font-size:14px">${escapeHtml(r.supportEmail ? t('footer', { shop: r.shopName, email: r.supportEmail }) : r.shopName)}</p>
</body></html>`;
  return { subject, text, html };
}

/** The same receipt as a one-page A4 PDF the customer can keep. */
export async function renderReceiptPdf(t: T, r: WithdrawalReceipt): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  pdf.setTitle(winAnsi(t('subject', { orderNumber: r.orderNumber, shop: r.shopName })));
  pdf.setLanguage(localeTags[r.locale]);
  const page = pdf.addPage([595.28, 841.89]);
  const font = await pdf.embedFont(StandardFonts.Helvetica);
  const bold = await pdf.embedFont(StandardFonts.HelveticaBold);
  const x = 56;
  const width = 595.28 - 2 * x;
  let y = 780;
  y = drawWrapped(page, r.shopName, { x, y, size: 11, font: bold, maxWidth: width }) - 8;
  y = drawWrapped(page, t('heading'), { x, y, size: 18, font: bold, maxWidth: width }) - 8;
  y = drawWrapped(page, t('intro'), { x, y, size: 11, font, maxWidth: width }) - 8;
  y = drawWrapped(page, `${t('statementLabel')}: ${t('statement')}`, { x, y, size: 11, font, maxWidth: width }) - 8;
  for (const row of receiptRows(t, r)) {
    y = drawWrapped(page, row.label, { x, y, size: 10, font: bold, maxWidth: width });
    for (const part of row.value.split('\n')) y = drawWrapped(page, part, { x, y, size: 11, font, maxWidth: width });
    y -= 6;
  }
  y = drawWrapped(page, refundText(t, r), { x, y: y - 4, size: 11, font, maxWidth: width }) - 4;
  y = drawWrapped(page, t('sendBack'), { x, y, size: 11, font, maxWidth: width }) - 8;
  if (r.supportEmail) drawWrapped(page, t('footer', { shop: r.shopName, email: r.supportEmail }), { x, y, size: 9, font, maxWidth: width });
  return pdf.save();
}
