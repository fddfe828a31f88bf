// npm run bench:prediction — accuracy of the predicted delivery date (C4), held out by time.
// Train on parcels delivered before a cut-off, predict those shipped after it (as predicted at shipping),
// and print the share delivered within ±1 business day of the prediction, next to the fallback-only figure
// (the carriers' published standard times). Runs on its own embedded database (.data/pg-bench-prediction):
// first on the demo seed's history, then on a larger generated history (the demo seed is too thin to learn from).
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { createDb } from '../../db/index.ts';
import { runMigrations } from '../../db/migrate.ts';
import { orders, shipments } from '../../db/schema/index.ts';
import { seedDemoShop } from '../../db/seed.ts';
import { addBusinessDays, businessDaysBetween } from '../../lib/time/holidays.ts';
import { dateIn, localToInstant } from '../../lib/time/zoned.ts';
import { buildTransitModel, loadHistory, predictWithModel } from '../../lib/tracking/predict-delivery.ts';
import { startEmbedded } from '../lib/embedded-db.mjs';

const TZ = 'Europe/Helsinki';
const calendar = { holidayCountry: 'FI', timeZone: TZ };
const database = process.env.DATABASE_URL
  ? { url: process.env.DATABASE_URL, stop: async () => {} }
  : await startEmbedded({ dataDir: path.resolve('.data/pg-bench-prediction'), port: Number(process.env.BENCH_PG_PORT ?? 54359), log: () => {} });
await runMigrations(database.url);
const db = createDb(database.url, { max: 2 });

/** Signed business-day distance from `a` to `b`. */
function businessDiff(a, b) {
  return b >= a ? businessDaysBetween(a, b, 'FI') : -businessDaysBetween(b, a, 'FI');
}

function evaluate(history, cutoff) {
  const train = history.filter((h) => h.deliveredAt < cutoff);
  const test = history.filter((h) => h.shippedAt >= cutoff);
  const model = buildTransitModel(train, calendar);
  const score = (fallbackOnly) => {
    let within = 0;
    let exact = 0;
    for (const h of test) {
      const predicted = predictWithModel(model, h, { fallbackOnly });
      const diff = businessDiff(predicted, dateIn(h.deliveredAt, TZ));
      if (Math.abs(diff) <= 1) within += 1;
      if (diff === 0) exact += 1;
    }
    return { within: test.length ? within / test.length : NaN, exact: test.length ? exact / test.length : NaN };
  };
  return { train: train.length, test: test.length, groups: model.groups.size, learned: score(false), fallback: score(true) };
}

const pct = (x) => (Number.isNaN(x) ? '  n/a' : `${(x * 100).toFixed(1).padStart(5)} %`);
function print(title, r) {
  console.log(`\n${title}`);
  console.log(`  trained on ${r.train} delivered parcels (${r.groups} groups with ≥ 5 samples), predicted ${r.test} shipped after the cut-off`);
  console.log(`  learned  : ${pct(r.learned.within)} within ±1 business day (${pct(r.learned.exact)} exact)`);
  console.log(`  fallback : ${pct(r.fallback.within)} within ±1 business day (${pct(r.fallback.exact)} exact) — carriers' published standard only`);
}

// 1. The demo seed's own history.
await seedDemoShop(db);
const demo = await loadHistory(db);
demo.sort((a, b) => a.deliveredAt - b.deliveredAt);
const demoCutoff = demo.length ? demo[Math.floor(demo.length * 0.6)].deliveredAt : new Date();
print(`Demo seed history (${demo.length} delivered parcels; cut-off ${demoCutoff.toISOString().slice(0, 10)})`, evaluate(demo, demoCutoff));

// 2. A generated history: 200 days, 8,000 parcels. Each lane (carrier, service, postal area) has its own true
//    transit time; parcels vary around it (late hand-in, sorting delays, the odd fast one).
let seed = 20261123;
const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
const pick = (list) => list[Math.floor(rand() * list.length)];
const lanes = [
  { carrier: 'posti', service: 'Postipaketti', country: 'FI', base: 1, weight: 30 },
  { carrier: 'posti', service: 'Kotipaketti', country: 'FI', base: 2, weight: 12 },
  { carrier: 'matkahuolto', service: 'Lähellä-paketti', country: 'FI', base: 2, weight: 18 },
  { carrier: 'budbee', service: 'Budbee Box', country: 'FI', base: 1, weight: 8 },
  { carrier: 'dhl', service: 'DHL Express Domestic', country: 'FI', base: 1, weight: 6 },
  { carrier: 'postnord', service: 'MyPack Collect', country: 'SE', base: 3, weight: 14 },
  { carrier: 'bring', service: 'PickUp Parcel', country: 'NO', base: 4, weight: 6 },
];
const areas = { FI: ['00', '01', '02', '20', '33', '40', '53', '65', '70', '80', '90', '96', '99'], SE: ['11', '41', '21', '75', '90', '97'], NO: ['01', '50', '70', '90'] };
// Remote areas take longer (Lapland, Norrland, Northern Norway): a fixed extra per area.
const areaExtra = new Map();
for (const [country, list] of Object.entries(areas)) for (const a of list) areaExtra.set(`${country}-${a}`, Number(a) >= 90 ? 1 + Math.floor(rand() * 2) : Number(a) >= 60 ? Math.floor(rand() * 2) : 0);
const totalWeight = lanes.reduce((s, l) => s + l.weight, 0);
function pickLane() {
  let r = rand() * totalWeight;
  for (const l of lanes) if ((r -= l.weight) < 0) return l;
  return lanes[0];
}

const start = '2026-03-02';
const rows = [];
for (let i = 0; i < 8000; i += 1) {
  const lane = pickLane();
  const area = pick(areas[lane.country]);
  let shipDay = addBusinessDays(start, Math.floor(rand() * 140), 'FI');
  const hour = 8 + Math.floor(rand() * 11);
  const shippedAt = localToInstant(`${shipDay}T${String(hour).padStart(2, '0')}:${String(Math.floor(rand() * 60)).padStart(2, '0')}`, TZ);
  // After the 16:00 cut-off the parcel leaves the next business day.
  if (hour >= 16) shipDay = addBusinessDays(shipDay, 1, 'FI');
  const noise = rand();
  const jitter = noise < 0.68 ? 0 : noise < 0.88 ? 1 : noise < 0.95 ? 2 : noise < 0.98 ? -1 : 4;
  const days = Math.max(1, lane.base + areaExtra.get(`${lane.country}-${area}`) + jitter);
  const deliveredDay = addBusinessDays(shipDay, days, 'FI');
  const deliveredAt = localToInstant(`${deliveredDay}T${String(10 + Math.floor(rand() * 8)).padStart(2, '0')}:15`, TZ);
  rows.push({ lane, postalCode: `${area}${String(100 + Math.floor(rand() * 900))}`.slice(0, lane.country === 'NO' ? 4 : 5), shippedAt, deliveredAt });
}

await db.execute(sql`delete from orders where order_number like 'BENCH-P-%'`);
const run = Date.now().toString(36);
for (let i = 0; i < rows.length; i += 500) {
  const chunk = rows.slice(i, i + 500);
  const inserted = await db
    .insert(orders)
    .values(
      chunk.map((r, j) => ({
        orderNumber: `BENCH-P-${run}-${i + j}`,
        email: `bench${i + j}@example.com`,
        customerName: 'Bench Customer',
        currency: 'EUR',
        market: r.lane.country,
        placedAt: new Date(r.shippedAt.getTime() - 86_400_000),
        shippingName: 'Bench Customer',
        shippingLine1: 'Testikatu 1',
        shippingPostalCode: r.postalCode,
        shippingCity: 'City',
        shippingCountry: r.lane.country,
      })),
    )
    .returning({ id: orders.id });
  await db.insert(shipments).values(
    chunk.map((r, j) => ({
      orderId: inserted[j].id,
      carrier: r.lane.carrier,
      service: r.lane.service,
      trackingNumber: `BENCH${run}${i + j}`,
      status: 'delivered',
      shippedAt: r.shippedAt,
      deliveredAt: r.deliveredAt,
    })),
  );
}
const generated = (await loadHistory(db)).filter((h) => !demo.some((d) => d.shippedAt.getTime() === h.shippedAt.getTime() && d.carrier === h.carrier && d.postalCode === h.postalCode));
const cutoff = localToInstant('2026-07-20T00:00', TZ);
print(`Generated history (${generated.length} parcels over 20 weeks, 7 carrier services, ${areaExtra.size} postal areas; cut-off 2026-07-20)`, evaluate(generated, cutoff));

const started = performance.now();
const model = buildTransitModel(generated.filter((h) => h.deliveredAt < cutoff), calendar);
const built = performance.now();
for (let i = 0; i < 100_000; i += 1) predictWithModel(model, generated[i % generated.length]);
const predicted = performance.now();
console.log(`\nCost: learning the table from ${generated.length} parcels ${Math.round(built - started)} ms; 100,000 predictions from the cached table ${Math.round(predicted - built)} ms.`);

await db.execute(sql`delete from orders where order_number like 'BENCH-P-%'`);
await db.$end();
await database.stop();
