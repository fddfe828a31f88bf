import { and, eq, inArray } from 'drizzle-orm';
import { createTranslator } from 'use-intl/core';
import type { Tx } from '@/db';
import { orders, outbox, shipments } from '@/db/schema';
import { carrierName } from '@/lib/carriers/catalog';
import { isLocale, type Locale, locales } from '@/lib/core/locales';
import { formatDate } from '@/lib/i18n/format';
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
import { plainBrand, renderEmail } from '@/lib/outbox/email-layout';
import { emailBrand, type EmailBrand } from '@/lib/outbox/service-email-layout';
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
export async function renderMilestoneEmail(input: MilestoneEmailInput): Promise<{ subject: string; html: string; text: string }> {
  const t = createTranslator({ locale: input.locale, messages: input.shop.messages?.[input.locale] ?? catalogs[input.locale], namespace: 'milestoneEmail' });
  const tp = createTranslator({ locale: input.locale, messages: catalogs[input.locale], namespace: 'parcel' });
  const day = (date: string) => formatDate(input.locale, date, { style: 'weekday', timeZone: input.shop.timeZone });
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

  const { html, text } = await renderEmail({
    locale: input.locale,
    brand: input.shop.brand ?? { ...plainBrand(input.shop.name), accentColor: input.shop.accentColor },
    heading: subject,
    preview: paragraphs[0],
    blocks: [
      { kind: 'text', text: greeting },
      ...paragraphs.map((text) => ({ kind: 'text' as const, text })),
      { kind: 'button', label: button, url: input.url },
      { kind: 'note', text: `${parcel} · ${t('order', values)}` },
      { kind: 'note', text: t('linkFallback') },
      { kind: 'link', label: input.url, url: input.url },
    ],
    footer: [footer],
  });
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
    await Promise.all(sending.map(async ({ change, milestone }, i) => {
      const row = parcels.get(change.shipmentId)!;
      const locale: Locale = isLocale(row.locale) ? row.locale : 'fi';
      const s = row.shipment;
      const email = await renderMilestoneEmail({
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
    })),
  );
}
