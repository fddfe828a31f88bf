import { eq } from 'drizzle-orm';
import { createTranslator } from 'use-intl/core';
import type { Tx } from '@/db';
import { cases, compensations, orders, returns, shipments } from '@/db/schema';
import { carrierName } from '@/lib/carriers/catalog';
import { formatDate, formatMoney } from '@/lib/i18n/format';
import { isLocale, type Locale } from '@/lib/i18n/locales';
import { enqueueEmail } from '@/lib/outbox/enqueue-email';
import { renderEmail } from '@/lib/outbox/email-layout';
import { emailBrand } from '@/lib/outbox/service-email-layout';
import { loadEmailMessages } from '@/lib/settings/email-templates';
import { readShopSettings } from '@/lib/settings/shop-settings';
import { mintTrackingLink } from '@/lib/tracking-links/mint-tracking-link';
import { returnPageUrl } from './return-emails';

async function returnFacts(tx: Tx, returnId: string) {
  const [row] = await tx.select({ r: returns, order: orders }).from(returns).innerJoin(orders, eq(orders.id, returns.orderId)).where(eq(returns.id, returnId)).limit(1);
  if (!row) return null;
  const locale: Locale = isLocale(row.order.locale) ? row.order.locale : 'fi';
  const [shop, messages, [kase]] = await Promise.all([
    readShopSettings(tx),
    loadEmailMessages(tx, locale),
    tx.select({ id: cases.id }).from(cases).where(eq(cases.returnId, returnId)).limit(1),
  ]);
  return { ...row, locale, shop, messages, caseId: kase?.id };
}

/**
 * "Refund issued": what was paid back, when, and where the money goes (the original payment method,
 * store credit with its code, or both), queued in the transaction that issues it; once per return.
 */
export async function queueRefundIssuedEmail(tx: Tx, input: { returnId: string; refund: number; credit: number; issuedAt: Date }): Promise<void> {
  if (input.refund <= 0 && input.credit <= 0) return;
  const facts = await returnFacts(tx, input.returnId);
  if (!facts) return;
  const { r, order, locale, shop } = facts;
  const t = createTranslator({ locale, messages: facts.messages, namespace: 'refundEmail' });
  const [credit] = input.credit > 0
    ? await tx.select({ code: compensations.code }).from(compensations).where(eq(compensations.returnId, r.id)).limit(1)
    : [];
  const date = formatDate(locale, input.issuedAt, { timeZone: shop.timeZone });
  const money = (minor: number) => formatMoney(locale, minor, r.currency);
  const total = money(input.refund + input.credit);
  const values = { orderNumber: order.orderNumber, rma: r.rmaNumber, shop: shop.name, amount: total, date };
  const rows = [
    ...(input.refund > 0 ? [{ label: t('toCard'), value: money(input.refund) }] : []),
    ...(input.credit > 0 ? [{ label: t('toCredit'), value: money(input.credit) }] : []),
    { label: t('issued'), value: date },
  ];
  const { html, text } = await renderEmail({
    locale,
    brand: emailBrand(shop),
    heading: t('heading', values),
    blocks: [
      { kind: 'text', text: t('body', values) },
      { kind: 'rows', rows },
      input.refund > 0 && { kind: 'text', text: t('cardTiming', { amount: money(input.refund) }) },
      input.credit > 0 && credit?.code ? { kind: 'code', label: t('creditCode'), code: credit.code } : null,
      input.credit > 0 && { kind: 'text', text: t('creditTiming', { amount: money(input.credit) }) },
      { kind: 'button', label: t('button'), url: returnPageUrl(locale, r.rmaNumber) },
    ],
    footer: [t('footer', values)],
  });
  await enqueueEmail(tx, {
    kind: 'email.refund_issued',
    dedupeKey: `return:${r.id}:refund_issued`,
    locale,
    orderId: order.id,
    caseId: facts.caseId,
    email: { to: order.email, subject: t('subject', values), html, text },
  });
}

/** "Exchange shipped": the new item's parcel with its carrier, tracking number and tracking link; once per return. */
export async function queueExchangeShippedEmail(tx: Tx, input: { returnId: string; shipmentId: string }): Promise<void> {
  const facts = await returnFacts(tx, input.returnId);
  if (!facts) return;
  const { r, order, locale, shop } = facts;
  const [parcel] = await tx.select({ carrier: shipments.carrier, trackingNumber: shipments.trackingNumber }).from(shipments).where(eq(shipments.id, input.shipmentId)).limit(1);
  if (!parcel) return;
  const t = createTranslator({ locale, messages: facts.messages, namespace: 'exchangeEmail' });
  const link = await mintTrackingLink(tx, { orderId: order.id });
  const values = { orderNumber: order.orderNumber, rma: r.rmaNumber, shop: shop.name, carrier: carrierName(parcel.carrier), trackingNumber: parcel.trackingNumber };
  const { html, text } = await renderEmail({
    locale,
    brand: emailBrand(shop),
    heading: t('heading', values),
    blocks: [
      { kind: 'text', text: t('body', values) },
      { kind: 'rows', rows: [{ label: t('parcel'), value: `${values.carrier} · ${parcel.trackingNumber}` }] },
      { kind: 'text', text: t('next', values) },
      { kind: 'button', label: t('button'), url: link.url },
    ],
    footer: [t('footer', values)],
  });
  await enqueueEmail(tx, {
    kind: 'email.exchange_shipped',
    dedupeKey: `return:${r.id}:exchange_shipped`,
    locale,
    orderId: order.id,
    caseId: facts.caseId,
    email: { to: order.email, subject: t('subject', values), html, text },
  });
}
