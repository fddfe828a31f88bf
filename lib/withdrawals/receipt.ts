import { PDFDocument, StandardFonts } from 'pdf-lib';
import { createTranslator } from 'use-intl/core';
import { localeTags, type Locale } from '@/lib/core/locales';
import { loadMessages, type Messages } from '@/lib/i18n/messages';
import { drawWrapped, winAnsi } from '@/lib/pdf/text';
import { formatMoney } from '@/lib/core/money';
import { formatDate } from '@/lib/i18n/format';
import { plainBrand, renderEmail } from '@/lib/outbox/email-layout';
import type { EmailBrand } from '@/lib/outbox/service-email-layout';

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
  /** Where the goods go back (the shop's return address on one line); null: the shop emails it. */
  returnAddress?: string | null;
  brand?: EmailBrand;
};

/** CRD art. 13(1) and 14(1): the refund is due, and the goods go back, within 14 days of the statement. */
export function withdrawalDeadline(r: Pick<WithdrawalReceipt, 'submittedAt'>): Date {
  return new Date(new Date(r.submittedAt).getTime() + 14 * 86_400_000);
}

/** "24 November 2026, 14:05 (Europe/Helsinki, UTC+02:00)": the wall-clock time and the zone it is in. */
export function formatInstant(at: Date, timeZone: string, locale: Locale): string {
  const local = formatDate(locale, at, { style: 'dateTime', timeZone });
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


/**
 * What happens next, concretely: where the goods go (the shop's return address, else that the shop
 * emails it), by when, and the date the refund is due at the latest (legal.md §2 R3, R6).
 */
export function nextSteps(t: T, r: WithdrawalReceipt): string[] {
  const by = formatDate(r.locale, withdrawalDeadline(r), { timeZone: r.timeZone });
  return [
    t('sendBack', { date: by }),
    r.returnAddress ? t('sendTo', { address: r.returnAddress }) : t('addressFollows', { shop: r.shopName }),
    t('refundBy', { date: by }),
  ];
}

/** The acknowledgement email: plain text and HTML, no promotion (legal.md §6, E2). */
export async function renderReceiptEmail(t: T, r: WithdrawalReceipt, receiptUrl: string | null): Promise<{ subject: string; text: string; html: string }> {
  const subject = t('subject', { orderNumber: r.orderNumber, shop: r.shopName });
  const { html, text } = await renderEmail({
    locale: r.locale,
    brand: r.brand ?? { ...plainBrand(r.shopName), supportEmail: r.supportEmail },
    heading: t('heading'),
    blocks: [
      { kind: 'text', text: t('intro') },
      { kind: 'rows', rows: [{ label: t('statementLabel'), value: t('statement') }, ...receiptRows(t, r)] },
      { kind: 'text', text: refundText(t, r) },
      { kind: 'text', text: t('nextHeading') },
      { kind: 'list', items: nextSteps(t, r) },
      receiptUrl ? { kind: 'link', label: t('download'), url: receiptUrl } : null,
    ],
    footer: [r.supportEmail ? t('footer', { shop: r.shopName, email: r.supportEmail }) : r.shopName],
  });
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
  y = drawWrapped(page, t('nextHeading'), { x, y, size: 11, font: bold, maxWidth: width }) - 2;
  for (const step of nextSteps(t, r)) y = drawWrapped(page, `- ${step}`, { x, y, size: 11, font, maxWidth: width }) - 2;
  y -= 6;
  if (r.supportEmail) drawWrapped(page, t('footer', { shop: r.shopName, email: r.supportEmail }), { x, y, size: 9, font, maxWidth: width });
  return pdf.save();
}
