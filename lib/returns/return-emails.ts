import { asc, eq } from 'drizzle-orm';
import { createTranslator } from 'use-intl/core';
import type { Tx } from '@/db';
import { carrierLabels, cases, orderLines, orders, returnItems, returns, variants } from '@/db/schema';
import { type Locale, isLocale } from '@/lib/core/locales';
import { loadEmailMessages } from '@/lib/settings/email-templates';
import { enqueueEmail } from '@/lib/outbox/enqueue-email';
import { formatMoney } from '@/lib/core/money';
import { formatDate } from '@/lib/i18n/format';
import { readShopSettings } from '@/lib/settings/shop-settings';
import { emailBrand } from '@/lib/outbox/service-email-layout';
import { appUrl } from '@/lib/core/url';
import { renderEmail } from '@/lib/outbox/email-layout';

export type ReturnEmailStep = 'requested' | 'approved' | 'label_issued' | 'received' | 'inspected' | 'completed' | 'rejected' | 'canceled';


export function returnPageUrl(locale: Locale, rma: string): string {
  return appUrl(`/${locale}/returns/${encodeURIComponent(rma)}`);
}

/** What every email about a return starts from: the return, its order, the customer's language, the shop and the return's case. */
export async function returnEmailContext(tx: Tx, returnId: string) {
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

export type ReturnEmailContext = NonNullable<Awaited<ReturnType<typeof returnEmailContext>>>;

/** Queues one email about the return to the order's address, in the caller's transaction; at most once per (return, step). */
export async function enqueueReturnEmail(tx: Tx, ctx: ReturnEmailContext, what: { kind: string; step: string }, email: { subject: string; html: string; text: string }): Promise<void> {
  await enqueueEmail(tx, {
    kind: what.kind,
    dedupeKey: `return:${ctx.r.id}:${what.step}`,
    locale: ctx.locale,
    orderId: ctx.order.id,
    caseId: ctx.caseId,
    email: { to: ctx.order.email, ...email },
  });
}

/**
 * Localized email to the customer for one step of a return, queued in the caller's transaction;
 * at most once per (return, step) by the outbox dedupe key. One message, one button to the
 * return page, the RMA and order number in the subject (UX.md), HTML and plain text.
 */
export async function queueReturnEmail(tx: Tx, input: { returnId: string; step: ReturnEmailStep }): Promise<void> {
  const ctx = await returnEmailContext(tx, input.returnId);
  if (!ctx) return;
  const { r, order, locale, shop } = ctx;
  const items = await tx
    .select({ title: orderLines.title, options: orderLines.variantOptions, quantity: returnItems.quantity, resolution: returnItems.resolution, exchangeOptions: variants.options, exchangeTitle: variants.title })
    .from(returnItems)
    .innerJoin(orderLines, eq(orderLines.id, returnItems.orderLineId))
    .leftJoin(variants, eq(variants.id, returnItems.exchangeVariantId))
    .where(eq(returnItems.returnId, r.id))
    .orderBy(asc(orderLines.position));
  const shopName = shop.name;
  const brand = emailBrand(shop);
  const t = createTranslator({ locale, messages: ctx.messages, namespace: 'returnEmail' });
  const values = { rma: r.rmaNumber, orderNumber: order.orderNumber, shop: shopName };
  const money = (minor: number) => formatMoney(locale, minor, r.currency);

  const subject = t(`${input.step}.subject`, values);
  const heading = t(`${input.step}.heading`, values);
  // A SPECIMEN label (nothing booked with the carrier) is not a label to send with: say so instead of "use the label".
  const specimen = input.step === 'label_issued' && r.returnShipmentId !== null && !(await hasCarrierLabel(tx, r.returnShipmentId));
  const body = specimen ? createTranslator({ locale, messages: ctx.messages, namespace: 'labels.section.specimen' })('email') : t(`${input.step}.body`, values);
  const lines: string[] = [];
  if (r.printerlessCode && (input.step === 'label_issued' || input.step === 'approved')) lines.push(t('printerlessCode', { code: r.printerlessCode }));
  if (input.step === 'rejected' && r.rejectionReason) lines.push(t('rejectionReason', { reason: r.rejectionReason }));
  // Ship now: the new item left before the return arrives; the customer reads the deadline again in every email before receipt.
  if (r.shipNow && r.shipNowDeadline && ['requested', 'approved', 'label_issued'].includes(input.step)) {
    const tShip = createTranslator({ locale, messages: ctx.messages, namespace: 'shipNow' });
    lines.unshift(tShip('email.line', { date: formatDate(locale, r.shipNowDeadline) }));
  }
  if (['requested', 'approved', 'completed'].includes(input.step)) {
    if (r.estimatedRefund > 0) lines.push(t('refundEstimate', { amount: money(r.estimatedRefund) }));
    if (r.estimatedCredit > 0) lines.push(t('creditEstimate', { amount: money(r.estimatedCredit) }));
    if (r.fee > 0) lines.push(t('fee', { amount: money(r.fee) }));
  }
  const itemLines = items.map((item) => {
    const what = [item.title, ...Object.values(item.options)].join(', ');
    const exchange = item.exchangeOptions ? ` → ${[item.exchangeTitle, ...Object.values(item.exchangeOptions)].join(', ')}` : '';
    return `${item.quantity} × ${what}${exchange}`;
  });
  const url = returnPageUrl(locale, r.rmaNumber);
  const button = t('button');

  const { html, text } = await renderEmail({
    locale,
    brand,
    heading,
    blocks: [
      { kind: 'text', text: body },
      { kind: 'list', items: itemLines },
      ...lines.map((text) => ({ kind: 'text' as const, text })),
      { kind: 'button', label: button, url },
    ],
    footer: [t('footer', values)],
  });

  await enqueueReturnEmail(tx, ctx, { kind: `email.return_${input.step}`, step: input.step }, { subject, html, text });
}

async function hasCarrierLabel(tx: Tx, shipmentId: string): Promise<boolean> {
  const [row] = await tx.select({ id: carrierLabels.shipmentId }).from(carrierLabels).where(eq(carrierLabels.shipmentId, shipmentId));
  return Boolean(row);
}
