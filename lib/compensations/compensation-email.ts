import { eq } from 'drizzle-orm';
import { createTranslator } from 'use-intl/core';
import type { Tx } from '@/db';
import { compensations, orders, shipments } from '@/db/schema';
import { isLocale } from '@/lib/core/locales';
import { loadEmailMessages } from '@/lib/settings/email-templates';
import { enqueueEmail } from '@/lib/outbox/enqueue-email';
import { formatMoney } from '@/lib/core/money';
import { emailBrand } from '@/lib/outbox/service-email-layout';
import { renderEmail } from '@/lib/outbox/email-layout';
import { readShopSettings } from '@/lib/settings/shop-settings';
import { isAwaitingShop } from '@/lib/core/pending-parcel';

/** The customer's "here is what we did for you" email, in their language; once per compensation. */
export async function queueCompensationEmail(tx: Tx, compensationId: string): Promise<void> {
  const [row] = await tx
    .select({ comp: compensations, email: orders.email, locale: orders.locale, orderNumber: orders.orderNumber, customerName: orders.customerName })
    .from(compensations)
    .innerJoin(orders, eq(orders.id, compensations.orderId))
    .where(eq(compensations.id, compensationId))
    .limit(1);
  if (!row) return;
  const { comp } = row;
  const locale = isLocale(row.locale) ? row.locale : 'fi';
  const shop = await readShopSettings(tx);
  const shopName = shop.name;
  const parcelNumber = comp.shipmentId
    ? (await tx.select({ n: shipments.trackingNumber }).from(shipments).where(eq(shipments.id, comp.shipmentId)))[0]?.n
    : undefined;
  // A reship awaiting the shop has no number yet: its "shipped" email brings the link once the shop sends it.
  const trackingNumber = parcelNumber && !isAwaitingShop(parcelNumber) ? parcelNumber : undefined;
  const t = createTranslator({ locale, messages: await loadEmailMessages(tx, locale), namespace: 'goodwill.email' });
  const values = { orderNumber: row.orderNumber, shop: shopName, amount: formatMoney(locale, comp.amount, comp.currency), code: comp.code ?? '', trackingNumber: trackingNumber ?? '' };
  const subject = t('subject', values);
  const heading = t('heading', values);
  const paragraphs = [t(`body.${comp.kind}`, values)];
  if (comp.code) paragraphs.push(t('code', values));
  if (trackingNumber) paragraphs.push(t('trackingNumber', values));
  const footer = t('footer', values);
  const { html, text } = await renderEmail({ locale, brand: emailBrand(shop), heading, blocks: paragraphs.map((text) => ({ kind: 'text', text })), footer: [footer] });
  await enqueueEmail(tx, {
    kind: 'email.compensation_issued',
    dedupeKey: `compensation:${comp.id}:issued`,
    locale,
    orderId: comp.orderId,
    caseId: comp.caseId ?? undefined,
    email: {
      to: row.email,
      subject,
      text,
      html,
    },
  });
}
