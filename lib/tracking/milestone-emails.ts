import { and, eq, inArray } from 'drizzle-orm';
import { createFormatter, createTranslator } from 'use-intl/core';
import type { Tx } from '@/db';
import { orders, outbox, shipments } from '@/db/schema';
import { carrierName } from '@/lib/carriers/catalog';
import { isLocale, type Locale, locales, localeTags } from '@/lib/core/locales';
import { enqueueEmails } from '@/lib/outbox/enqueue-email';
import type { ShipmentStatus } from '@/lib/core/enums';
import { mintTrackingLinks } from '@/lib/tracking-links/mint-tracking-link';
import da from '@/messages/da.json' with { type: 'json' };
import en from '@/messages/en.json' with { type: 'json' };
import fi from '@/messages/fi.json' with { type: 'json' };
import nb from '@/messages/nb.json' with { type: 'json' };
import sv from '@/messages/sv.json' with { type: 'json' };
import { type Milestone, milestoneDedupeKey, milestonesFor } from './milestones';
import { readShopSettings } from '@/lib/settings/shop-settings';
import { emailBrand, type EmailBrand, emailContactHtml, escapeHtml } from '@/lib/outbox/service-email-layout';
import { applyEmailOverrides, readEmailTemplateOverrides } from '@/lib/settings/email-templates';
import { firstNameOf } from '@/lib/core/mask';

// No 'server-only' here: the worker (plain Node) calls this through ingestEvents.
const catalogs: Record<Locale, typeof en> = { fi, sv, en, da, nb };


type ShopFacts = { name: string; timeZone: string; accentColor: string; brand?: EmailBrand; messages?: Partial<Record<Locale, typeof en>> };

// Read once per transaction: an ingest batch queues hundreds of milestone emails in one.
const shopFactsOfTx = new WeakMap<Tx, Promise<ShopFacts>>();

function shopFacts(tx: Tx): Promise<ShopFacts> {
  let facts = shopFactsOfTx.get(tx);
  if (!facts) {
    facts = readShopFacts(tx);
    shopFactsOfTx.set(tx, facts);
  }
  return facts;
}

async function readShopFacts(tx: Tx): Promise<ShopFacts> {
  const [shop, overrides] = await Promise.all([readShopSettings(tx), readEmailTemplateOverrides(tx)]);
  // The shop's email texts, applied once per transaction (not per email of an ingest batch).
  const messages = Object.fromEntries(locales.map((l) => [l, applyEmailOverrides(catalogs[l], overrides[l])]));
  return { name: shop.name, timeZone: shop.timeZone, accentColor: shop.accentColor, brand: emailBrand(shop), messages };
}

export type MilestoneEmailInput = {
  milestone: Milestone;
  locale: Locale;
  shop: ShopFacts;
  orderNumber: string;
  firstName: string;
  to: string;
  carrier: string;
  trackingNumber: string;
  status: ShipmentStatus;
  subStatus: string | null;
  expectedDate: string | null;
  pickupPoint: { name: string; address?: string; postalCode?: string; city?: string; openingHours?: string } | null;
  pickupDeadline: string | null;
  url: string;
};

/** Subject, HTML and plain text of one milestone email, in the customer's language. */
export function renderMilestoneEmail(input: MilestoneEmailInput): { subject: string; html: string; text: string } {
  const t = createTranslator({ locale: input.locale, messages: input.shop.messages?.[input.locale] ?? catalogs[input.locale], namespace: 'milestoneEmail' });
  const tp = createTranslator({ locale: input.locale, messages: catalogs[input.locale], namespace: 'parcel' });
  const format = createFormatter({ locale: localeTags[input.locale] as Locale, timeZone: input.shop.timeZone });
  const day = (date: string) => format.dateTime(new Date(`${date}T12:00:00Z`), { weekday: 'long', day: 'numeric', month: 'long' });
  const values = { orderNumber: input.orderNumber, carrier: input.carrier, shop: input.shop.name };

  const subject = t(`subject.${input.milestone}`, values);
  const paragraphs: string[] = [];
  switch (input.milestone) {
    case 'shipped':
      paragraphs.push(t('body.shipped', values));
      if (input.expectedDate) paragraphs.push(t('expected', { date: day(input.expectedDate) }));
      break;
    case 'out_for_delivery':
      paragraphs.push(t('body.out_for_delivery', values));
      break;
    case 'ready_for_pickup': {
      const point = input.pickupPoint;
      paragraphs.push(point ? t('body.ready_for_pickup', { ...values, point: point.name }) : t('body.ready_for_pickup_nopoint', values));
      if (point) {
        const address = [point.address, [point.postalCode, point.city].filter(Boolean).join(' ')].filter(Boolean).join(', ');
        if (address) paragraphs.push(t('pickupAddress', { address }));
        if (point.openingHours) paragraphs.push(tp('openingHours', { hours: point.openingHours }));
      }
      if (input.pickupDeadline) paragraphs.push(t('collectBy', { date: day(input.pickupDeadline) }));
      break;
    }
    case 'delivered':
      paragraphs.push(t('body.delivered', values));
      break;
    case 'problem':
      paragraphs.push(
        input.status === 'failed_attempt'
          ? t('body.problem_failed_attempt', values)
          : t('body.problem_exception', { ...values, reason: tp(`exception.${(input.subStatus ?? 'other') as 'other'}`) }),
      );
      paragraphs.push(t('problemHelp'));
      break;
  }
  const greeting = t('greeting', { name: input.firstName });
  const parcel = t('parcel', { carrier: input.carrier, trackingNumber: input.trackingNumber });
  const button = t('button');
  const footer = t('footer', { shop: input.shop.name });

  const text = [greeting, '', ...paragraphs, '', parcel, t('order', values), '', `${button}: ${input.url}`, '', '—', footer].join('\n');
  const e = escapeHtml;
  const html = `<!doctype html>
<html lang="${localeTags[input.locale]}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${e(subject)}</title></head>
<body style="margin:0;padding:0;background:#f5f5f2;color:#1c1c1a;font-family:-apple-system,BlinkMacSystemFont,'Segoe UI',Roboto,Helvetica,Arial,sans-serif;font-size:16px;line-height:1.5">
<div role="article" aria-label="${e(subject)}" style="max-width:560px;margin:0 auto;padding:24px 16px">
${input.shop.brand?.logoUrl ? `<p style="margin:0 0 16px"><img src="${e(input.shop.brand.logoUrl)}" alt="${e(input.shop.name)}" style="max-height:48px;max-width:240px;border:0"></p>` : `<p style="margin:0 0 16px;font-weight:600;font-size:18px">${e(input.shop.name)}</p>`}
<div style="background:#ffffff;border:1px solid #dcdcd6;border-radius:12px;padding:24px">
<h1 style="margin:0 0 16px;font-size:22px;line-height:1.3">${e(subject)}</h1>
<p style="margin:0 0 12px">${e(greeting)}</p>
${paragraphs.map((p) => `<p style="margin:0 0 12px">${e(p)}</p>`).join('\n')}
<p style="margin:24px 0"><a href="${e(input.url)}" style="display:inline-block;background:${input.shop.accentColor};color:#ffffff;text-decoration:none;font-weight:600;padding:12px 20px;border-radius:8px">${e(button)}</a></p>
<p style="margin:0;color:#55554f;font-size:14px">${e(parcel)}<br>${e(t('order', values))}</p>
<p style="margin:16px 0 0;color:#55554f;font-size:14px">${e(t('linkFallback'))}<br><a href="${e(input.url)}" style="color:#1c1c1a;word-break:break-all">${e(input.url)}</a></p>
</div>
<p style="margin:16px 0 0;color:#55554f;font-size:13px">${e(footer)}</p>
${input.shop.brand ? emailContactHtml(input.shop.brand) : ''}
</div></body></html>`;
  return { subject, html, text };
}

/**
 * C2. Queues the customer's milestone email(s) for a status change of one outbound parcel, in the
 * caller's transaction. Exactly one email per milestone per parcel: the outbox dedupe key
 * `milestone:<shipmentId>:<milestone>` makes a second failed attempt (or a replayed event) a no-op.
 */
export async function queueMilestoneEmails(
  tx: Tx,
  change: { shipmentId: string; previous: ShipmentStatus | null; current: ShipmentStatus },
): Promise<void> {
  await queueMilestoneEmailsFor(tx, [change]);
}

/**
 * The same for every status change of an ingest batch, in a fixed number of round trips (outbox keys,
 * parcels, links, emails) however many parcels changed: ingest runs this once per batch.
 */
export async function queueMilestoneEmailsFor(
  tx: Tx,
  changes: ReadonlyArray<{ shipmentId: string; previous: ShipmentStatus | null; current: ShipmentStatus }>,
): Promise<void> {
  const wanted = changes.flatMap((change) => milestonesFor(change.previous, change.current).map((milestone) => ({ change, milestone })));
  if (wanted.length === 0) return;
  const already = new Set(
    (
      await tx
        .select({ key: outbox.dedupeKey })
        .from(outbox)
        .where(inArray(outbox.dedupeKey, wanted.map((w) => milestoneDedupeKey(w.change.shipmentId, w.milestone))))
    ).map((r) => r.key),
  );
  const due = wanted.filter((w) => !already.has(milestoneDedupeKey(w.change.shipmentId, w.milestone)));
  if (due.length === 0) return;

  const rows = await tx
    .select({ shipment: shipments, orderId: orders.id, orderNumber: orders.orderNumber, email: orders.email, name: orders.customerName, locale: orders.locale })
    .from(shipments)
    .innerJoin(orders, eq(orders.id, shipments.orderId))
    .where(and(inArray(shipments.id, [...new Set(due.map((w) => w.change.shipmentId))]), eq(shipments.direction, 'outbound')));
  const parcels = new Map(rows.map((row) => [row.shipment.id, row]));
  const sending = due.filter((w) => parcels.has(w.change.shipmentId));
  if (sending.length === 0) return;
  const shop = await shopFacts(tx);
  // A fresh link per email, so each can be revoked and expires on its own.
  const links = await mintTrackingLinks(tx, sending.map((w) => parcels.get(w.change.shipmentId)!.orderId));

  await enqueueEmails(
    tx,
    sending.map(({ change, milestone }, i) => {
      const row = parcels.get(change.shipmentId)!;
      const locale: Locale = isLocale(row.locale) ? row.locale : 'fi';
      const s = row.shipment;
      const email = renderMilestoneEmail({
        milestone,
        locale,
        shop,
        orderNumber: row.orderNumber,
        firstName: firstNameOf(row.name),
        to: row.email,
        carrier: carrierName(s.carrier),
        trackingNumber: s.trackingNumber,
        status: change.current,
        subStatus: s.subStatus,
        expectedDate: s.carrierEta ?? s.predictedDate ?? s.promisedDate,
        pickupPoint: s.pickupPoint,
        pickupDeadline: s.pickupDeadline,
        url: links[i]!.url,
      });
      return {
        kind: `email.milestone.${milestone}`,
        dedupeKey: milestoneDedupeKey(change.shipmentId, milestone),
        locale,
        orderId: row.orderId,
        email: { to: row.email, ...email },
      };
    }),
  );
}
