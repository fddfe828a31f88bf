import { randomBytes } from 'node:crypto';
import { verify } from '@node-rs/argon2';
import { sql } from 'drizzle-orm';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { carriers } from '../lib/carriers/catalog';
import { loadPromiseKept } from '../lib/tracking/promise-kept';
import { createDb, type Db } from './index';
import { runMigrations } from './migrate';
import { shipmentStatusEnum } from './schema';
import { buildDemoData, DEMO_TABLES, HISTORY_ORDERS, seedDemoShop, shopDate, type DemoSummary } from './seed';

/**
 * The seed writes shop-wide rows (the `shop` settings, the demo staff, the one active return policy),
 * so it runs in a database of its own instead of sharing the test run's database with other files.
 */
const serverUrl = process.env.DATABASE_URL ?? inject('databaseUrl');
const databaseName = `paluu_seed_${randomBytes(4).toString('hex')}`;
const now = new Date();
const today = shopDate(now);

let db: Db;
let first: DemoSummary;
let second: DemoSummary;
let countsAfterFirst: Record<string, number>;
let countsAfterSecond: Record<string, number>;
let snapshotAfterFirst: unknown[];
let snapshotAfterSecond: unknown[];


async function rows<T>(query: ReturnType<typeof sql>): Promise<T[]> {
  return (await db.execute(query)) as unknown as T[];
}

async function counts(): Promise<Record<string, number>> {
  const result: Record<string, number> = {};
  for (const table of DEMO_TABLES) {
    const [row] = await rows<{ count: number }>(sql.raw(`select count(*)::int as count from ${table}`));
    result[table] = row?.count ?? -1;
  }
  return result;
}

/** What a visitor would notice if a re-seed changed anything. */
function snapshot() {
  return rows(sql`
    select o.order_number, o.email, o.locale, o.captured_amount, o.refunded_amount,
           (select json_agg(json_build_object('carrier', s.carrier, 'tracking', s.tracking_number, 'status', s.status) order by s.tracking_number)
              from shipments s where s.order_id = o.id) as shipments,
           (select json_agg(r.status || ':' || r.rma_number order by r.rma_number) from returns r where r.order_id = o.id) as returns
      from orders o
     order by o.order_number`);
}

beforeAll(async () => {
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
  try {
    await admin.unsafe(`create database ${databaseName}`);
  } finally {
    await admin.end();
  }
  const url = new URL(serverUrl);
  url.pathname = `/${databaseName}`;
  await runMigrations(url.toString());
  db = createDb(url.toString(), { max: 2 });

  first = await seedDemoShop(db, { now });
  countsAfterFirst = await counts();
  snapshotAfterFirst = await snapshot();
  second = await seedDemoShop(db, { now });
  countsAfterSecond = await counts();
  snapshotAfterSecond = await snapshot();
});

afterAll(async () => {
  await db?.$end();
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
  try {
    await admin.unsafe(`drop database if exists ${databaseName} with (force)`);
  } finally {
    await admin.end();
  }
});

describe('buildDemoData', () => {
  it('gives the same rows for any time on the same day', () => {
    const morning = new Date('2026-11-23T05:30:00Z'); // 07:30 in Helsinki
    const evening = new Date('2026-11-23T21:30:00Z'); // 23:30 in Helsinki
    expect(buildDemoData(evening)).toEqual(buildDemoData(morning));
  });

  it('tells a consistent story on every weekday and across DST changes', () => {
    // It throws when an event would be dated today or later, or a return precedes its delivery.
    const days = ['2026-03-27', '2026-03-28', '2026-03-29', '2026-03-30', '2026-03-31', '2026-04-01', '2026-04-02', '2026-10-25', '2026-12-31'];
    for (const day of days) expect(() => buildDemoData(new Date(`${day}T10:00:00Z`))).not.toThrow();
  });
});

describe('seedDemoShop', () => {
  it('is idempotent: the second run writes nothing and reports the same sample orders', () => {
    expect(first.seeded).toBe(true);
    expect(second.seeded).toBe(false);
    expect(countsAfterSecond).toEqual(countsAfterFirst);
    expect(snapshotAfterSecond).toEqual(snapshotAfterFirst);
    expect(second.sampleOrders).toEqual(first.sampleOrders);
  });

  it('creates about sixty orders from the last 45 days, in Finnish, Swedish and English (plus last month’s delivery history)', async () => {
    // The 60 story orders, the delivery history (HISTORY_ORDERS collected Posti parcels last calendar month) and one parcel on its route.
    expect(countsAfterFirst.orders).toBe(60 + HISTORY_ORDERS + 1);
    const [span] = await rows<{ oldest: Date; newest: Date }>(sql`select min(placed_at) as oldest, max(placed_at) as newest from orders where order_number >= 'KK-204101'`);
    expect(now.getTime() - new Date(span!.oldest).getTime()).toBeLessThanOrEqual(46 * 86_400_000);
    expect(new Date(span!.newest).getTime()).toBeLessThan(now.getTime());
    const locales = await rows<{ locale: string; count: number }>(sql`select locale, count(*)::int as count from orders group by locale`);
    expect(Object.fromEntries(locales.map((l) => [l.locale, l.count]))).toMatchObject({ fi: expect.any(Number), sv: expect.any(Number), en: expect.any(Number) });
    for (const locale of locales) expect(locale.count).toBeGreaterThanOrEqual(8);
  });

  it('prints three sample orders that the lookup can find (fi, sv, en)', async () => {
    expect(first.sampleOrders.map((o) => o.locale)).toEqual(['fi', 'sv', 'en']);
    for (const sample of first.sampleOrders) {
      const [order] = await rows<{ email: string; postal: string; locale: string }>(
        sql`select email, shipping_postal_code as postal, locale from orders where order_number = ${sample.orderNumber}`,
      );
      expect(order).toEqual({ email: sample.email, postal: sample.postalCode, locale: sample.locale });
      expect(sample.description.length).toBeGreaterThan(20);
    }
  });

  it('covers every shipment status except canceled, and the six carriers with a poll or push feed', async () => {
    const statuses = await rows<{ status: string }>(sql`select distinct status from shipments where direction = 'outbound'`);
    const expected = shipmentStatusEnum.enumValues.filter((s) => s !== 'canceled');
    expect(statuses.map((s) => s.status).sort()).toEqual([...expected].sort());
    const subStatuses = await rows<{ sub: string }>(sql`select distinct sub_status as sub from shipments where status = 'exception'`);
    expect(subStatuses.map((s) => s.sub).sort()).toEqual(['address_issue', 'customs', 'damaged', 'weather']);
    const used = await rows<{ carrier: string }>(sql`select distinct carrier from shipments`);
    // Instabox (push-only, the seventh carrier) ships no demo parcel: the demo's parcels move by the simulator.
    expect(used.map((c) => c.carrier).sort()).toEqual(carriers.filter((c) => c !== 'instabox').sort());
  });

  it('has enough delivered Posti history for a confidence line and for the delivery page (issue #18)', async () => {
    // The parcel labelled yesterday on the history's route: a window still ahead, with how sure it is.
    const [windowed] = await rows<{ from: string; to: string; hits: number; samples: number; basis: string }>(sql`
      select predicted_from::text as from, predicted_to::text as to, predicted_hits as hits, predicted_samples as samples, predicted_basis as basis
        from shipments where status = 'info_received' and carrier = 'posti' and predicted_samples is not null and predicted_from >= ${today}::date`);
    expect(windowed).toBeDefined();
    expect(windowed!.samples).toBeGreaterThanOrEqual(20);
    expect(windowed!.hits / windowed!.samples).toBeGreaterThanOrEqual(0.8);
    const figures = await loadPromiseKept(db, { today });
    expect(figures.carriers.find((c) => c.carrier === 'posti')?.parcels).toBeGreaterThanOrEqual(HISTORY_ORDERS);
  });

  it('seeds demo service points (marked demo, named "Demo …") for the sample orders’ postal codes, and knows the waiting parcels’ pickup points', async () => {
    for (const sample of first.sampleOrders) {
      const cached = await rows<{ carrier: string; demo: boolean; points: Array<{ name: string; address: { street: string } }> }>(
        sql`select carrier, demo, points from service_point_cache where postal_code = ${sample.postalCode}`,
      );
      expect(cached.length, sample.postalCode).toBeGreaterThan(0);
      for (const row of cached) {
        expect(row.demo).toBe(true);
        const invented = row.points.filter((p) => p.name.startsWith('Demo '));
        expect(invented.length).toBeGreaterThanOrEqual(3);
        for (const p of invented) expect(p.address.street).toMatch(/^Demo street/);
      }
    }
    // Budbee (FI, SE, DK) has only lockers: its demo points are Budbee boxes, none in Norway.
    const budbee = await rows<{ country: string; points: Array<{ name: string; type: string }> }>(
      sql`select country, points from service_point_cache where carrier = 'budbee' and demo`,
    );
    expect(budbee.length).toBeGreaterThan(0);
    for (const row of budbee) {
      expect(['FI', 'SE', 'DK']).toContain(row.country);
      for (const p of row.points.filter((x) => x.name.startsWith('Demo '))) expect(p).toMatchObject({ name: expect.stringMatching(/^Demo Budbee box/), type: 'locker' });
    }
    const waiting = await rows<{ carrier: string; id: string }>(
      sql`select carrier, pickup_point->>'id' as id from shipments where status = 'available_for_pickup' and carrier in ('posti', 'postnord', 'matkahuolto', 'bring') and pickup_point ? 'id'`,
    );
    for (const w of waiting) {
      const [hit] = await rows<{ n: number }>(
        sql`select count(*)::int as n from service_point_cache where carrier = ${w.carrier} and points @> ${JSON.stringify([{ id: w.id }])}::jsonb`,
      );
      expect(hit!.n, `${w.carrier} ${w.id}`).toBeGreaterThan(0);
    }
  });

  it('has a split shipment: two carriers, each parcel with its own lines', async () => {
    const split = await rows<{ order_id: string; parcels: number; carriers: number; lines: number; distinct_lines: number }>(sql`
      select s.order_id, count(distinct s.id)::int as parcels, count(distinct s.carrier)::int as carriers,
             count(sl.id)::int as lines, count(distinct sl.order_line_id)::int as distinct_lines
        from shipments s join shipment_lines sl on sl.shipment_id = s.id
       where s.direction = 'outbound'
       group by s.order_id
      having count(distinct s.id) > 1`);
    expect(split.length).toBeGreaterThanOrEqual(1);
    expect(split[0]).toMatchObject({ parcels: 2, carriers: 2 });
    expect(split[0]!.lines).toBe(split[0]!.distinct_lines);
  });

  it('has late parcels, silent parcels and orders waiting to be shipped', async () => {
    const [late] = await rows<{ count: number }>(sql`
      select count(*)::int as count from shipments
       where direction = 'outbound' and promised_date < ${today}::date and status not in ('delivered', 'canceled')`);
    expect(late!.count).toBeGreaterThanOrEqual(1);
    const [silent] = await rows<{ count: number }>(sql`
      select count(*)::int as count from shipments
       where direction = 'outbound' and status not in ('delivered', 'returned_to_sender', 'canceled')
         and coalesce(last_event_at, shipped_at) <= ${now.toISOString()}::timestamptz - interval '3 days'`);
    expect(silent!.count).toBeGreaterThanOrEqual(2);
    const [unshipped] = await rows<{ count: number }>(sql`
      select count(*)::int as count from orders o where not exists (select 1 from shipments s where s.order_id = o.id)`);
    expect(unshipped!.count).toBeGreaterThanOrEqual(2);
  });

  it('keeps the parcel summary columns consistent with the tracking events', async () => {
    const broken = await rows<{ tracking_number: string }>(sql`
      with e as (
        select shipment_id,
               max(occurred_at) as last_at,
               min(occurred_at) filter (where status <> 'info_received') as first_scan,
               min(occurred_at) filter (where status = 'delivered') as delivered,
               (array_agg(status order by occurred_at desc))[1] as last_status,
               count(*) as events
          from tracking_events group by shipment_id)
      select s.tracking_number from shipments s left join e on e.shipment_id = s.id
       where e.events is null
          or s.status <> e.last_status
          or s.last_event_at is distinct from e.last_at
          or s.first_scan_at is distinct from e.first_scan
          or s.delivered_at is distinct from e.delivered
          or not exists (select 1 from shipment_lines sl where sl.shipment_id = s.id)`);
    expect(broken).toEqual([]);
    const [events] = await rows<{ sources: string[]; keys: number; total: number }>(sql`
      select array_agg(distinct source) as sources, count(distinct dedupe_key)::int as keys, count(*)::int as total from tracking_events`);
    expect(events).toEqual({ sources: ['seed'], keys: events!.total, total: events!.total });
    const pickupWithoutDeadline = await rows(sql`select id from shipments where status = 'available_for_pickup' and (pickup_point is null or pickup_deadline < ${today}::date)`);
    expect(pickupWithoutDeadline).toEqual([]);
  });

  it('keeps order totals and line counters consistent', async () => {
    const wrongTotals = await rows(sql`
      select o.order_number from orders o
       where o.captured_amount <> o.shipping_amount + (select sum(unit_price * quantity) from order_lines l where l.order_id = o.id)`);
    expect(wrongTotals).toEqual([]);
    const wrongFulfilment = await rows(sql`
      select l.id from order_lines l
       where l.fulfilled_quantity <> coalesce((select sum(sl.quantity) from shipment_lines sl join shipments s on s.id = sl.shipment_id
                                                where sl.order_line_id = l.id and s.direction = 'outbound'), 0)`);
    expect(wrongFulfilment).toEqual([]);
    const [partial] = await rows<{ count: number }>(sql`select count(*)::int as count from order_lines where fulfilled_quantity < quantity`);
    expect(partial!.count).toBeGreaterThanOrEqual(1);
    const [finalSale] = await rows<{ count: number }>(sql`select count(*)::int as count from order_lines where final_sale`);
    expect(finalSale!.count).toBeGreaterThanOrEqual(1);
  });

  it('has returns in six states with counters that match their items', async () => {
    const states = await rows<{ status: string }>(sql`select distinct status from returns`);
    expect(states.map((s) => s.status).sort()).toEqual(['approved', 'completed', 'label_issued', 'received', 'rejected', 'requested']);
    const rma = await rows<{ rma_number: string }>(sql`select rma_number from returns`);
    for (const r of rma) expect(r.rma_number).toMatch(/^R-\d{5,}$/);
    const mismatched = await rows(sql`
      select l.id from order_lines l
       where l.return_requested_quantity <> coalesce((select sum(i.quantity) from return_items i join returns r on r.id = i.return_id
                                                       where i.order_line_id = l.id and r.status in ('requested', 'approved', 'label_issued', 'in_transit')), 0)
          or l.returned_quantity <> coalesce((select sum(i.quantity) from return_items i join returns r on r.id = i.return_id
                                               where i.order_line_id = l.id and r.status in ('received', 'inspected', 'completed')), 0)`);
    expect(mismatched).toEqual([]);
    const [exchange] = await rows<{ count: number }>(sql`select count(*)::int as count from return_items where resolution = 'exchange' and exchange_variant_id is not null`);
    expect(exchange!.count).toBe(1);
    const [refunded] = await rows<{ total: number }>(sql`select coalesce(sum(refunded_amount), 0)::int as total from orders`);
    const [refunds] = await rows<{ total: number }>(sql`select coalesce(sum(amount), 0)::int as total from refunds`);
    expect(refunded!.total).toBe(refunds!.total);
  });

  it('has open and settled cases of every kind the desk shows, each with its opening event', async () => {
    const cases = await rows<{ type: string; status: string }>(sql`select type, status from cases`);
    expect(new Set(cases.map((c) => c.type))).toEqual(new Set(['return', 'exchange', 'claim', 'delivery_issue', 'question']));
    expect(new Set(cases.map((c) => c.status))).toEqual(new Set(['open', 'waiting_customer', 'waiting_carrier', 'resolved']));
    const kinds = await rows<{ kind: string }>(sql`select distinct kind from case_messages`);
    expect(kinds.map((k) => k.kind).sort()).toEqual(['customer_message', 'internal_note', 'reply']);
    const withoutEvent = await rows(sql`
      select c.id from cases c where not exists (select 1 from case_events e where e.case_id = c.id and e.type = 'case.opened' and e.actor_type = 'system')`);
    expect(withoutEvent).toEqual([]);
    const withoutSla = await rows(sql`select id from cases where first_response_due_at is null or resolution_due_at is null`);
    expect(withoutSla).toEqual([]);
  });

  it('shows product pictures from the repository, stored like fetched ones, with nothing left for the worker to fetch (issue #18)', async () => {
    const images = await rows<{ url: string; status: string; hash_matches: boolean; small: number; large: number }>(sql`
      select url, status, url_hash = encode(sha256(convert_to(url, 'UTF8')), 'hex') as hash_matches, length(small) as small, length(large) as large
        from product_images order by url`);
    expect(images.map((i) => i.url)).toEqual(['kaamos-mug', 'kelo-socks', 'laituri-towel', 'tunturi-sweater'].map((k) => `https://demo.paluu.invalid/products/${k}.png`));
    expect(images.every((i) => i.status === 'ok' && i.hash_matches && i.small > 0 && i.large > i.small)).toBe(true);
    const [lines] = await rows<{ with_image: number; shown: number }>(sql`
      select count(*) filter (where ol.image_url is not null)::int as with_image,
             count(*) filter (where exists (select 1 from product_images pi where pi.url = ol.image_url and pi.status = 'ok'))::int as shown
        from order_lines ol`);
    expect(lines!.with_image).toBeGreaterThan(10);
    expect(lines!.shown).toBe(lines!.with_image);
  });

  it('creates the shop settings, one active return policy and staff who can log in', async () => {
    const [shop] = await rows<{ value: { name: string; timeZone: string } }>(sql`select value from settings where key = 'shop'`);
    expect(shop!.value).toMatchObject({ name: 'Kuusi & Koivu', timeZone: 'Europe/Helsinki' });
    const [policy] = await rows<{ count: number }>(sql`select count(*)::int as count from return_policies where is_active`);
    expect(policy!.count).toBe(1);
    for (const staff of first.staff) {
      const [row] = await rows<{ hash: string; role: string }>(sql`select password_hash as hash, role from staff_users where email = ${staff.email}`);
      expect(row!.role).toBe(staff.role);
      expect(await verify(row!.hash, staff.password)).toBe(true);
    }
  });
});
