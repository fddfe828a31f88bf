import { and, eq, sql } from 'drizzle-orm';
import { createTranslator } from 'use-intl/core';
import type { Tx } from '@/db';
import { compensations, shipments } from '@/db/schema';
import { carrierName } from '@/lib/carriers/catalog';
import { codeUsableByCustomer } from '@/lib/compensations/platform-code-target';
import { formatMoney } from '@/lib/core/money';
import type { RefundDestination } from '@/lib/refunds/refund-state';
import { formatDate } from '@/lib/i18n/format';
import type { Locale } from '@/lib/i18n/locales';
import type { Messages } from '@/lib/i18n/messages';
import { renderEmail } from '@/lib/outbox/email-layout';
import { emailBrand, type EmailBrand } from '@/lib/outbox/service-email-layout';
import { mintTrackingLink } from '@/lib/tracking-links/mint-tracking-link';
import { enqueueReturnEmail, returnEmailContext, returnPageUrl } from './return-emails';

export type RefundIssuedFacts = {
  orderNumber: string;
  rma: string;
  currency: string;
  /** To the original payment method, minor units. */
  refund: number;
  /** As store credit, minor units (with its code when one was issued). */
  credit: number;
  creditCode: string | null;
  issuedAt: Date;
  /** Where the money went (the refund's rail): the card or account paid with, a bank transfer, a gift card. */
  destination: RefundDestination;
  timeZone: string;
  returnUrl: string;
};

const DESTINATION_KEY = { card: 'destinationCard', bank_account: 'destinationBank', gift_card: 'destinationGiftCard' } as const;
const DESTINATION_ROW = { card: 'toCard', bank_account: 'toBank', gift_card: 'toGiftCard' } as const;

/** The "refund issued" email itself (pure): amount, date, where the money goes and when it shows. */
export async function renderRefundIssuedEmail(locale: Locale, messages: Messages, brand: EmailBrand, f: RefundIssuedFacts): Promise<{ subject: string; html: string; text: string }> {
  const t = createTranslator({ locale, messages, namespace: 'refundEmail' });
  const date = formatDate(locale, f.issuedAt, { timeZone: f.timeZone });
  const money = (minor: number) => formatMoney(locale, minor, f.currency);
  const values = { orderNumber: f.orderNumber, rma: f.rma, shop: brand.shopName, amount: money(f.refund + f.credit), date };
  const rows = [
    ...(f.refund > 0 ? [{ label: t(DESTINATION_ROW[f.destination]), value: money(f.refund) }] : []),
    ...(f.credit > 0 ? [{ label: t('toCredit'), value: money(f.credit) }] : []),
    { label: t('issued'), value: date },
  ];
  const { html, text } = await renderEmail({
    locale,
    brand,
    heading: t('heading', values),
    blocks: [
      { kind: 'text', text: t('body', values) },
      f.refund > 0 && { kind: 'text', text: t('summary', { amount: money(f.refund), date, destination: t(DESTINATION_KEY[f.destination]) }) },
      { kind: 'rows', rows },
      f.refund > 0 && { kind: 'text', text: t('cardTiming', { amount: money(f.refund) }) },
      f.credit > 0 && f.creditCode ? { kind: 'code', label: t('creditCode'), code: f.creditCode } : null,
      f.credit > 0 && { kind: 'text', text: t('creditTiming', { amount: money(f.credit) }) },
      { kind: 'button', label: t('button'), url: f.returnUrl },
    ],
    footer: [t('footer', values)],
  });
  return { subject: t('subject', values), html, text };
}

/**
 * "Refund issued": what was paid back, when, and where the money went (the original payment method, store
 * credit with its code, or both); once per return. A refund is told only once it succeeded on its rail (the
 * refund.succeeded subscriber in ./subscribers.ts); store credit alone is told when the return completes.
 */
export async function queueRefundIssuedEmail(tx: Tx, input: { returnId: string; refund: number; credit: number; issuedAt: Date; destination?: RefundDestination }): Promise<void> {
  if (input.refund <= 0 && input.credit <= 0) return;
  const facts = await returnEmailContext(tx, input.returnId);
  if (!facts) return;
  const { r, order, locale, shop } = facts;
  const [credit] = input.credit > 0
    ? await tx.select({ id: compensations.id, orderId: compensations.orderId, kind: compensations.kind, code: compensations.code }).from(compensations).where(eq(compensations.returnId, r.id)).limit(1)
    : [];
  // On a platform order the code is named only once the platform has it (its own email follows then).
  const creditCode = credit?.code && (await codeUsableByCustomer(tx, credit)) ? credit.code : null;
  const email = await renderRefundIssuedEmail(locale, facts.messages, emailBrand(shop), {
    orderNumber: order.orderNumber,
    rma: r.rmaNumber,
    currency: r.currency,
    refund: input.refund,
    credit: input.credit,
    creditCode,
    issuedAt: input.issuedAt,
    destination: input.destination ?? 'card',
    timeZone: shop.timeZone,
    returnUrl: returnPageUrl(locale, r.rmaNumber),
  });
  await enqueueReturnEmail(tx, facts, { kind: 'email.refund_issued', step: 'refund_issued' }, email);
}

/** The store credit issued for a return (minor units), for the "refund issued" email that follows its refund. */
export async function returnCreditIssued(tx: Tx, returnId: string): Promise<number> {
  const [row] = await tx
    .select({ total: sql<number>`coalesce(sum(${compensations.amount}), 0)::int` })
    .from(compensations)
    .where(and(eq(compensations.returnId, returnId), eq(compensations.kind, 'store_credit'), eq(compensations.status, 'issued')));
  return row?.total ?? 0;
}

export type ExchangeShippedFacts = { orderNumber: string; rma: string; carrier: string; trackingNumber: string; trackingUrl: string };

/** The "exchange shipped" email itself (pure): the parcel, its carrier and the tracking link. */
export async function renderExchangeShippedEmail(locale: Locale, messages: Messages, brand: EmailBrand, f: ExchangeShippedFacts): Promise<{ subject: string; html: string; text: string }> {
  const t = createTranslator({ locale, messages, namespace: 'exchangeEmail' });
  const values = { orderNumber: f.orderNumber, rma: f.rma, shop: brand.shopName, carrier: f.carrier, trackingNumber: f.trackingNumber };
  const { html, text } = await renderEmail({
    locale,
    brand,
    heading: t('heading', values),
    blocks: [
      { kind: 'text', text: t('body', values) },
      { kind: 'rows', rows: [{ label: t('parcel'), value: `${f.carrier} · ${f.trackingNumber}` }] },
      { kind: 'text', text: t('next', values) },
      { kind: 'button', label: t('button'), url: f.trackingUrl },
    ],
    footer: [t('footer', values)],
  });
  return { subject: t('subject', values), html, text };
}

/** "Exchange shipped": queued when the shop reports the exchange parcel's tracking number (lib/shipments/fill-pending-parcel.ts), in that transaction; once per return. */
export async function queueExchangeShippedEmail(tx: Tx, input: { returnId: string; shipmentId: string }): Promise<void> {
  const facts = await returnEmailContext(tx, input.returnId);
  if (!facts) return;
  const { r, order, locale, shop } = facts;
  const [parcel] = await tx.select({ carrier: shipments.carrier, trackingNumber: shipments.trackingNumber }).from(shipments).where(eq(shipments.id, input.shipmentId)).limit(1);
  if (!parcel) return;
  const link = await mintTrackingLink(tx, { orderId: order.id });
  const email = await renderExchangeShippedEmail(locale, facts.messages, emailBrand(shop), {
    orderNumber: order.orderNumber,
    rma: r.rmaNumber,
    carrier: carrierName(parcel.carrier),
    trackingNumber: parcel.trackingNumber,
    trackingUrl: link.url,
  });
  await enqueueReturnEmail(tx, facts, { kind: 'email.exchange_shipped', step: 'exchange_shipped' }, email);
}
