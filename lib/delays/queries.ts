import 'server-only';
import { and, desc, eq, isNotNull, isNull, lt, or, sql } from 'drizzle-orm';
import type { DbOrTx } from '@/db';
import { preparedQuery } from '@/db/prepared';
import { compensations, delayIncidents, notices, orders, outbox, shipments } from '@/db/schema';
import type { Actor } from '@/lib/core/actor';
import { type Locale, toLocale } from '@/lib/core/locales';
import { readShopSettings } from '@/lib/settings/shop-settings';
import { businessDaysBetween, toHolidayCountry } from '@/lib/time/holidays';
import { todayIn } from '@/lib/time/today';
import { renderDelayNotice } from './notice-email';
import { hashRemedyToken } from './remedy-token';
import { remedyTokenSchema } from './schemas';
import { type DelayKind, type Remedy, readDelaySettings } from './settings';
import { remedyRequestKey, undeliveredValue } from './choose-remedy';
import { remedyLinkExpired } from './state';
import { authorize } from '@/lib/core/authorize';

const openIncident = and(isNull(delayIncidents.resolvedAt), isNull(delayIncidents.dismissedAt));

// ——— Staff: groups ———

export type DelayGroupDto = {
  key: string;
  kind: DelayKind;
  carrier: string;
  area: string;
  count: number;
  /** Incidents without a notice yet (what "send" acts on). */
  awaiting: number;
  oldestBusinessDays: number;
  medianBusinessDays: number;
  incidents: Array<{ id: string; orderNumber: string; locale: Locale; openedAt: string; noticeStatus: string | null }>;
  /** One incident per customer language in the group, for the notice preview. */
  samples: Array<{ locale: Locale; incidentId: string }>;
};

/** Incidents listed per group; counts and ages always cover the whole group. */
export const GROUP_LIST_LIMIT = 200;

/**
 * Open incidents grouped by kind, carrier and destination area (the first two digits of the postal
 * code), with counts and age in the shop's business days.
 */
export async function listDelayGroups(ctx: { db: DbOrTx; actor: Actor }, now = new Date()): Promise<DelayGroupDto[]> {
  authorize(ctx.actor, 'delays.read');
  const shop = await readShopSettings(ctx.db);
  const area = sql<string>`left(${orders.shippingPostalCode}, 2)`;
  // dispatch_late incidents have no parcel yet: their carrier is 'none'.
  const carrier = sql<string>`coalesce(${shipments.carrier}::text, 'none')`;
  const groups = await ctx.db
    .select({
      kind: delayIncidents.kind,
      carrier,
      area,
      count: sql<number>`count(*)::int`,
      // Told: the incident's episode has a notice (a parcel late in two ways gets one).
      awaiting: sql<number>`count(*) filter (where not exists (select 1 from notices n where n.episode_id = ${delayIncidents.episodeId} and n.status <> 'dismissed'))::int`,
      oldest: sql<string>`min(${delayIncidents.openedAt})`,
      median: sql<string>`to_timestamp(percentile_cont(0.5) within group (order by extract(epoch from ${delayIncidents.openedAt})))`,
    })
    .from(delayIncidents)
    .leftJoin(shipments, eq(shipments.id, delayIncidents.shipmentId))
    .innerJoin(orders, eq(orders.id, delayIncidents.orderId))
    .where(openIncident)
    .groupBy(delayIncidents.kind, carrier, area)
    .orderBy(sql`min(${delayIncidents.openedAt})`, delayIncidents.kind, carrier, area);
  if (groups.length === 0) return [];

  const rows = await ctx.db.execute<{ id: string; kind: DelayKind; carrier: string; area: string; order_number: string; locale: string; opened_at: string; notice_status: string | null; rank: number }>(sql`
    select * from (
      select i.id, i.kind, coalesce(s.carrier::text, 'none') as carrier, left(o.shipping_postal_code, 2) as area, o.order_number, o.locale, i.opened_at,
             (select n.status from notices n where n.episode_id = i.episode_id and n.status <> 'dismissed' order by n.created_at limit 1) as notice_status,
             row_number() over (partition by i.kind, coalesce(s.carrier::text, 'none'), left(o.shipping_postal_code, 2) order by i.opened_at, i.id)::int as rank
      from delay_incidents i
      left join shipments s on s.id = i.shipment_id -- none yet for dispatch_late
      join orders o on o.id = i.order_id
      where i.resolved_at is null and i.dismissed_at is null
    ) x where rank <= ${GROUP_LIST_LIMIT}
    order by opened_at, id`);
  const samples = await ctx.db.execute<{ id: string; kind: DelayKind; carrier: string; area: string; locale: string }>(sql`
    select distinct on (i.kind, coalesce(s.carrier::text, 'none'), left(o.shipping_postal_code, 2), o.locale) i.id, i.kind, coalesce(s.carrier::text, 'none') as carrier, left(o.shipping_postal_code, 2) as area, o.locale
    from delay_incidents i
    left join shipments s on s.id = i.shipment_id
    join orders o on o.id = i.order_id
    where i.resolved_at is null and i.dismissed_at is null
    order by i.kind, coalesce(s.carrier::text, 'none'), left(o.shipping_postal_code, 2), o.locale, i.opened_at`);

  const country = toHolidayCountry(shop.country);
  const today = todayIn(shop.timeZone, now);
  const age = (at: string) => businessDaysBetween(todayIn(shop.timeZone, new Date(at)), today, country);
  const keyOf = (r: { kind: string; carrier: string; area: string }) => `${r.kind}|${r.carrier}|${r.area}`;
  return groups.map((g) => {
    const key = keyOf(g);
    return {
      key,
      kind: g.kind,
      carrier: g.carrier,
      area: g.area,
      count: g.count,
      awaiting: g.awaiting,
      oldestBusinessDays: age(g.oldest),
      medianBusinessDays: age(g.median),
      incidents: rows
        .filter((r) => keyOf(r) === key)
        .map((r) => ({ id: r.id, orderNumber: r.order_number, locale: toLocale(r.locale), openedAt: new Date(r.opened_at).toISOString(), noticeStatus: r.notice_status })),
      samples: samples.filter((s) => keyOf(s) === key).map((s) => ({ locale: toLocale(s.locale), incidentId: s.id })),
    };
  });
}

// ——— Staff: history ———

export type NoticeHistoryDto = {
  id: string;
  orderNumber: string;
  kind: DelayKind;
  locale: Locale;
  status: string;
  createdAt: string;
  sentAt: string | null;
  remedyChosen: Remedy | null;
  remedyChosenAt: string | null;
};

export const HISTORY_PAGE_SIZE = 30;

/** Notices newest first, keyset-paginated on (created_at, id). */
export async function listNoticeHistory(ctx: { db: DbOrTx; actor: Actor }, query: { after?: string }): Promise<{ rows: NoticeHistoryDto[]; nextCursor: string | null }> {
  authorize(ctx.actor, 'delays.read');
  let where = undefined;
  if (query.after) {
    const cut = query.after.lastIndexOf('_');
    const at = new Date(query.after.slice(0, cut));
    const id = query.after.slice(cut + 1);
    if (!Number.isNaN(at.getTime())) where = or(lt(notices.createdAt, at), and(eq(notices.createdAt, at), lt(notices.id, id)));
  }
  const rows = await ctx.db
    .select({
      id: notices.id,
      orderNumber: orders.orderNumber,
      kind: delayIncidents.kind,
      locale: notices.locale,
      status: notices.status,
      createdAt: notices.createdAt,
      sentAt: sql<Date | null>`coalesce(${outbox.sentAt}, ${notices.sentAt})`,
      outboxStatus: outbox.status,
      remedyChosen: notices.remedyChosen,
      remedyChosenAt: notices.remedyChosenAt,
    })
    .from(notices)
    .innerJoin(delayIncidents, eq(delayIncidents.id, notices.incidentId))
    .innerJoin(orders, eq(orders.id, notices.orderId))
    .leftJoin(outbox, eq(outbox.id, notices.outboxId))
    .where(where)
    .orderBy(desc(notices.createdAt), desc(notices.id))
    .limit(HISTORY_PAGE_SIZE + 1);
  const page = rows.slice(0, HISTORY_PAGE_SIZE);
  const last = page.at(-1);
  return {
    rows: page.map((r) => ({
      id: r.id,
      orderNumber: r.orderNumber,
      kind: r.kind,
      locale: r.locale,
      // The outbox knows whether the email actually left (or was captured without SMTP).
      status: r.outboxStatus === 'sent' || r.outboxStatus === 'captured' ? 'sent' : r.outboxStatus === 'failed' ? 'failed' : r.status,
      createdAt: r.createdAt.toISOString(),
      sentAt: r.sentAt ? new Date(r.sentAt).toISOString() : null,
      remedyChosen: r.remedyChosen,
      remedyChosenAt: r.remedyChosenAt?.toISOString() ?? null,
    })),
    nextCursor: rows.length > HISTORY_PAGE_SIZE && last ? `${last.createdAt.toISOString()}_${last.id}` : null,
  };
}

// ——— Customer: remedy page ———

export type RemedyPageState =
  | { status: 'invalid' }
  | {
      status: 'open' | 'chosen' | 'delivered';
      notice: { heading: string; paragraphs: string[]; locale: Locale };
      orderNumber: string;
      currency: string;
      offered: Remedy[];
      chosen: Remedy | null;
      chosenAt: string | null;
      compensation: { kind: string; status: string; amount: number; code: string | null } | null;
      /** What cancel_refund would pay back, and the discount, so each card spells out its consequence. */
      refundAmount: number;
      discountAmount: number;
    };

/**
 * What the remedy link shows, in the page's language (`locale`; default the order's). Unknown, malformed and
 * expired tokens look the same (no existence leak). A remedy already chosen in the same delay episode (through
 * another notice's link) counts as this link's choice: one choice per parcel per episode.
 */
export async function remedyPageState(db: DbOrTx, token: string, locale?: Locale): Promise<RemedyPageState> {
  if (!remedyTokenSchema.safeParse(token).success) return { status: 'invalid' };
  const [row] = await db
    .select({ notice: notices, orderNumber: orders.orderNumber, currency: orders.currency, captured: orders.capturedAmount, refunded: orders.refundedAmount, parcelStatus: shipments.status })
    .from(notices)
    .innerJoin(delayIncidents, eq(delayIncidents.id, notices.incidentId))
    .leftJoin(shipments, eq(shipments.id, delayIncidents.shipmentId))
    .innerJoin(orders, eq(orders.id, notices.orderId))
    .where(eq(notices.remedyTokenHash, hashRemedyToken(token)))
    .limit(1);
  if (!row || remedyLinkExpired(row.notice.createdAt)) return { status: 'invalid' };
  const [chosenNotice] = row.notice.remedyChosen
    ? [row.notice]
    : await db
        .select()
        .from(notices)
        .where(and(eq(notices.episodeId, row.notice.episodeId), isNotNull(notices.remedyChosen)))
        .limit(1);
  const content = await renderDelayNotice(db, row.notice.incidentId, { locale });
  const [undelivered, settings, comp] = await Promise.all([
    undeliveredValue(db, row.notice.orderId),
    readDelaySettings(db),
    chosenNotice ? compensationFor(db, chosenNotice.id) : Promise.resolve(null),
  ]);
  return {
    status: chosenNotice ? 'chosen' : row.parcelStatus === 'delivered' ? 'delivered' : 'open',
    notice: { heading: content.heading, paragraphs: content.paragraphs, locale: content.locale },
    orderNumber: row.orderNumber,
    currency: row.currency,
    offered: row.notice.remediesOffered,
    chosen: chosenNotice?.remedyChosen ?? null,
    chosenAt: chosenNotice?.remedyChosenAt?.toISOString() ?? null,
    compensation: comp,
    refundAmount: Math.min(undelivered, row.captured - row.refunded),
    discountAmount: Math.floor((row.captured * settings.discountPercent) / 100),
  };
}

async function compensationFor(db: DbOrTx, noticeId: string) {
  const [row] = await db
    .select({ kind: compensations.kind, status: compensations.status, amount: compensations.amount, code: compensations.code })
    .from(compensations)
    .where(eq(compensations.requestKey, remedyRequestKey(noticeId)));
  return row ?? null;
}

// ——— Customer: tracking-page banner ———

export type DelayBannerDto = {
  incidentId: string;
  kind: DelayKind;
  /** The language the notice is shown in: the page's. */
  locale: Locale;
  heading: string;
  paragraphs: string[];
  /** The remedy page path the email carried (in the page's language), while a choice is still open; null once chosen. */
  remedyPath: string | null;
  remedyChosen: Remedy | null;
};

const REMEDY_PATH = /\/(fi|sv|en|da|nb)(\/delays\/[A-Za-z0-9_-]{16,128})/;

/** The order page's delay banner reads them on every view: prepared once (db/prepared.ts). */
const delayBannerRows = preparedQuery((db) =>
  db
    .selectDistinctOn([notices.episodeId], {
      incidentId: delayIncidents.id,
      kind: delayIncidents.kind,
      openedAt: delayIncidents.openedAt,
      noticeCreatedAt: notices.createdAt,
      remedyChosen: notices.remedyChosen,
      offered: notices.remediesOffered,
      text: sql<string | null>`${outbox.payload}->>'text'`,
      episodeChosen: sql<Remedy | null>`(select n2.remedy_chosen from notices n2 where n2.episode_id = ${notices.episodeId} and n2.remedy_chosen is not null limit 1)`,
    })
    .from(notices)
    .innerJoin(delayIncidents, eq(delayIncidents.id, notices.incidentId))
    .leftJoin(outbox, eq(outbox.id, notices.outboxId))
    .where(and(eq(notices.orderId, sql.placeholder('orderId')), openIncident, sql`${notices.status} in ('queued', 'sent')`))
    .orderBy(notices.episodeId, notices.createdAt, notices.id)
    .prepare('delay_banners'),
);

/**
 * The notices of the order's open incidents, one per delay episode (a parcel late in two ways shows one
 * banner), each with the notice's text in the page's language (`locale`; default the order's). The token is
 * stored only as a hash, so the link is the one the outbox holds for that email.
 */
export async function listDelayBanners(db: DbOrTx, orderId: string, locale?: Locale): Promise<DelayBannerDto[]> {
  const rows = await delayBannerRows(db).execute({ orderId });
  rows.sort((a, b) => a.openedAt.getTime() - b.openedAt.getTime());
  return Promise.all(
    rows.map(async (r) => {
      const content = await renderDelayNotice(db, r.incidentId, { locale });
      const chosen = r.remedyChosen ?? r.episodeChosen;
      const match = r.text?.match(REMEDY_PATH) ?? null;
      const open = !chosen && r.offered.length > 0 && !remedyLinkExpired(r.noticeCreatedAt);
      return {
        incidentId: r.incidentId,
        kind: r.kind,
        locale: content.locale,
        heading: content.heading,
        paragraphs: content.paragraphs,
        remedyPath: open && match ? `/${content.locale}${match[2]}` : null,
        remedyChosen: chosen,
      };
    }),
  );
}

/** Every open incident of one group (for "send to all", beyond what the page lists). */
export async function incidentIdsOfGroup(ctx: { db: DbOrTx; actor: Actor }, group: { kind: DelayKind; carrier: string; area: string }): Promise<string[]> {
  authorize(ctx.actor, 'delays.read');
  const rows = await ctx.db.execute<{ id: string }>(sql`
    select i.id from delay_incidents i
    left join shipments s on s.id = i.shipment_id
    join orders o on o.id = i.order_id
    where i.resolved_at is null and i.dismissed_at is null
      and i.kind = ${group.kind}::delay_kind and coalesce(s.carrier::text, 'none') = ${group.carrier} and left(o.shipping_postal_code, 2) = ${group.area}`);
  return rows.map((r) => r.id);
}
