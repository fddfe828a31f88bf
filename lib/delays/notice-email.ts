/**
 * Contract A (owner: delays). The one renderer of a delay notice: the email the customer gets, the staff
 * preview and (heading + paragraphs) the tracking-page banner. A service message: what happened, what the shop
 * does, the choices when remedies are offered, the tracking link; no promotion (research/legal.md §6).
 * No `server-only`: the worker renders notices when it queues them.
 */
import { eq, inArray } from 'drizzle-orm';
import { createTranslator } from 'use-intl/core';
import type { DbOrTx } from '@/db';
import { delayIncidents, notices, orders, shipments } from '@/db/schema';
import { carrierName } from '@/lib/carriers/catalog';
import { isLocale, type Locale } from '@/lib/core/locales';
import { AppError } from '@/lib/errors';
import { firstNameOf } from '@/lib/core/mask';
import { appUrl } from '@/lib/core/url';
import { emailBrand, type EmailBrand } from '@/lib/outbox/service-email-layout';
import { formatDate } from '@/lib/i18n/format';
import { plainBrand, renderEmail } from '@/lib/outbox/email-layout';
import { applyEmailOverrides, readEmailTemplateOverrides } from '@/lib/settings/email-templates';
import { localDate } from '@/lib/sla/calendar';
import { readShopSettings } from '@/lib/settings/shop-settings';
import da from '@/messages/da.json' with { type: 'json' };
import en from '@/messages/en.json' with { type: 'json' };
import fi from '@/messages/fi.json' with { type: 'json' };
import nb from '@/messages/nb.json' with { type: 'json' };
import sv from '@/messages/sv.json' with { type: 'json' };
import { type DelayKind, type Remedy, readDelaySettings } from './settings';
import { dueDate, pickupLastDay, remediesFor } from './state';
import { businessDaysBetween, toHolidayCountry } from '@/lib/time/holidays';

const catalogs: Record<Locale, typeof en> = { fi, sv, en, da, nb };
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export type NoticeContent = { subject: string; heading: string; paragraphs: string[]; html: string; text: string };

/** Everything a notice says, loaded once (sendNotices reuses it for the remedies it stores). */
export type NoticeFacts = {
  incidentId: string;
  orderId: string;
  kind: DelayKind;
  locale: Locale;
  to: string;
  customerName: string;
  orderNumber: string;
  shop: { name: string; timeZone: string; accentColor: string; country: string };
  carrier: string | null;
  trackingNumber: string | null;
  subStatus: string | null;
  /** The date the kind's sentence names (label date, last scan, due date, last collection day). */
  date: string | null;
  newEstimate: string | null;
  pickupPoint: string | null;
  remedies: Remedy[];
  discountPercent: number;
  /** The shop's logo and support contact (staff settings, branding). */
  brand?: EmailBrand;
  /** The catalog of `locale` with the shop's edited email texts (staff settings, email templates). */
  messages?: typeof en;
};

/** Reads the incident, its order and parcel, and works out the sentence's date and the remedies on offer. */
export async function loadNoticeFacts(db: DbOrTx, incidentId: string, options: { locale?: Locale } = {}): Promise<NoticeFacts> {
  const [facts] = await loadNoticeFactsMany(db, [incidentId], options);
  if (!facts) throw new AppError('not_found');
  return facts;
}

/**
 * The facts of many incidents in three queries (settings once, one join); unknown ids are left out. In the
 * order's language (the email), or in `options.locale` (a page shows the notice in the page's language, with
 * the shop's edited texts of that language).
 */
export async function loadNoticeFactsMany(db: DbOrTx, incidentIds: string[], options: { locale?: Locale } = {}): Promise<NoticeFacts[]> {
  // A malformed id is as unknown as a missing one (never a 500 from a uuid cast).
  incidentIds = incidentIds.filter((id) => UUID.test(id));
  if (incidentIds.length === 0) return [];
  const [rows, shop, settings] = await Promise.all([
    db
      .select({ incident: delayIncidents, order: orders, shipment: shipments, offered: notices.remediesOffered })
      .from(delayIncidents)
      .innerJoin(orders, eq(orders.id, delayIncidents.orderId))
      .leftJoin(shipments, eq(shipments.id, delayIncidents.shipmentId))
      .leftJoin(notices, eq(notices.incidentId, delayIncidents.id))
      .where(inArray(delayIncidents.id, incidentIds)),
    readShopSettings(db),
    readDelaySettings(db),
  ]);
  const overrides = await readEmailTemplateOverrides(db);
  const brand = emailBrand(shop);
  // Edited texts applied once per language, not once per notice of a batch.
  const messagesOf = new Map<Locale, typeof en>();
  const messages = (locale: Locale) => {
    let m = messagesOf.get(locale);
    if (!m) messagesOf.set(locale, (m = applyEmailOverrides(catalogs[locale] as never, overrides[locale]) as unknown as typeof en));
    return m;
  };
  const tz = shop.timeZone;
  const today = localDate(new Date(), tz);
  const country = toHolidayCountry(shop.country);
  return rows.map((row) => {
    const { incident, order, shipment: s } = row;
    let date: string | null = null;
    let newEstimate: string | null = null;
    if (s) {
      switch (incident.kind) {
        case 'no_first_scan':
          date = localDate(s.shippedAt ?? s.createdAt, tz);
          break;
        case 'stalled_in_transit':
          date = s.lastEventAt ? localDate(s.lastEventAt, tz) : null;
          break;
        case 'eta_breached':
          date = dueDate(s);
          break;
        case 'pickup_expiring':
          date = pickupLastDay({ ...s, status: s.status }, tz);
          break;
      }
      // A newer estimate is worth telling when the carrier (or our prediction) now points to a later day.
      const estimate = s.carrierEta ?? s.predictedDate;
      if (incident.kind !== 'pickup_expiring' && estimate && estimate > today && estimate !== date) newEstimate = estimate;
    }
    const lost = incident.kind === 'carrier_exception' && s?.subStatus === 'lost';
    const since = s ? (s.lastEventAt ?? s.shippedAt ?? s.createdAt) : null;
    const remedies =
      row.offered ?? remediesFor({ kind: incident.kind, lost, businessDaysWithoutScan: since ? businessDaysBetween(localDate(since, tz), today, country) : null }, settings);
    const locale: Locale = options.locale ?? (isLocale(order.locale) ? order.locale : 'fi');
    return {
      incidentId: incident.id,
      orderId: order.id,
      kind: incident.kind,
      locale,
      to: order.email,
      customerName: order.customerName,
      orderNumber: order.orderNumber,
      shop: { name: shop.name, timeZone: tz, accentColor: shop.accentColor, country: shop.country },
      carrier: s ? carrierName(s.carrier) : null,
      trackingNumber: s?.trackingNumber ?? null,
      subStatus: s?.subStatus ?? null,
      date,
      newEstimate,
      pickupPoint: s?.pickupPoint?.name ?? null,
      remedies,
      discountPercent: settings.discountPercent,
      brand,
      messages: messages(locale),
    };
  });
}

/** Subject, heading, paragraphs, HTML and text of a notice (pure, given the facts and the two links). */
export async function composeDelayNotice(f: NoticeFacts, links: { remedyUrl: string | null; trackingUrl: string }): Promise<NoticeContent> {
  const t = createTranslator({ locale: f.locale, messages: f.messages ?? catalogs[f.locale], namespace: 'delayNotice' });
  const tp = createTranslator({ locale: f.locale, messages: catalogs[f.locale], namespace: 'parcel' });
  const day = (date: string) => formatDate(f.locale, date, { timeZone: f.shop.timeZone });
  const carrier = f.carrier ?? f.shop.name;
  const date = f.date ? day(f.date) : '';
  const values = { orderNumber: f.orderNumber, carrier, date, shop: f.shop.name };
  const lost = f.kind === 'carrier_exception' && f.subStatus === 'lost';

  const subject = t(`subject.${f.kind}`, values);
  const heading = t(`heading.${f.kind}`);
  const paragraphs: string[] = [];
  if (lost) paragraphs.push(t('lost', values));
  else if (f.kind === 'carrier_exception') paragraphs.push(t('happened.carrier_exception', { ...values, reason: tp(`exception.${(f.subStatus ?? 'other') as 'other'}`) }));
  else paragraphs.push(t(`happened.${f.kind}`, values));
  if (f.kind === 'pickup_expiring' && f.pickupPoint) paragraphs.push(t('point', { point: f.pickupPoint }));
  if (f.newEstimate) paragraphs.push(t('newEstimate', { date: day(f.newEstimate) }));
  if (!lost) paragraphs.push(t(`weDo.${f.kind}`, values));

  const offered = links.remedyUrl ? f.remedies : [];
  const options = offered.map((r) => t(`remedy.${r}`, { percent: f.discountPercent }));
  const greeting = t('greeting', { name: firstNameOf(f.customerName) });
  const orderLine = t('order', values);
  const parcelLine = f.carrier && f.trackingNumber ? t('parcel', { carrier: f.carrier, trackingNumber: f.trackingNumber }) : null;
  const footer = t('footer', { shop: f.shop.name });

  const primaryUrl = links.remedyUrl && options.length > 0 ? links.remedyUrl : links.trackingUrl;
  const { html, text } = await renderEmail({
    locale: f.locale,
    brand: f.brand ?? { ...plainBrand(f.shop.name), accentColor: f.shop.accentColor },
    heading,
    preview: paragraphs[0],
    blocks: [
      { kind: 'text', text: greeting },
      ...paragraphs.map((text) => ({ kind: 'text' as const, text })),
      options.length > 0 && { kind: 'text', text: t('remedyIntro') },
      options.length > 0 && { kind: 'list', items: options },
      options.length > 0 && links.remedyUrl && { kind: 'button', label: t('remedyButton'), url: links.remedyUrl },
      primaryUrl === links.trackingUrl ? { kind: 'button', label: t('trackingButton'), url: links.trackingUrl } : { kind: 'link', label: t('trackingButton'), url: links.trackingUrl },
      { kind: 'note', text: [orderLine, parcelLine].filter(Boolean).join(' · ') },
      { kind: 'note', text: t('linkFallback') },
      { kind: 'link', label: primaryUrl, url: primaryUrl },
    ],
    footer: [footer],
  });
  return { subject, heading, paragraphs, html, text };
}

/**
 * Renders the notice of one incident in the order's language, or in `locale` (the customer pages: the page's
 * language). Without `remedyUrl` (staff preview, banner) the choices are left out unless a URL is given;
 * `trackingUrl` defaults to the order page.
 */
export async function renderDelayNotice(
  db: DbOrTx,
  incidentId: string,
  options: { remedyUrl?: string | null; trackingUrl?: string; locale?: Locale } = {},
): Promise<NoticeContent & { locale: Locale }> {
  const facts = await loadNoticeFacts(db, incidentId, { locale: options.locale });
  const trackingUrl = options.trackingUrl ?? appUrl(`/${facts.locale}/orders/${encodeURIComponent(facts.orderNumber)}`);
  return { ...(await composeDelayNotice(facts, { remedyUrl: options.remedyUrl ?? null, trackingUrl })), locale: facts.locale };
}
