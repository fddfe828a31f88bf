// npm run bench:returns — server time of the return use cases on their own embedded database
// (.data/pg-bench-returns): submitting a return with three items and two photos (photos uploaded
// first, as the wizard does), and the photo upload itself (a 12-megapixel phone JPEG). The use
// cases run in-process exactly as the server action and the upload route call them, so the
// figures are server time without HTTP. Prints figures; asserts nothing.
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { sql } from 'drizzle-orm';
import sharp from 'sharp';
import { createDb } from '../../db/index.ts';
import { runMigrations } from '../../db/migrate.ts';
import { seedDemoShop } from '../../db/seed.ts';
import { storeOrderPhoto } from '../../lib/photos/store-photo.ts';
import { submitReturn } from '../../lib/returns/submit-return.ts';
import { createReturnableOrder } from '../../test/return-factories.ts';
import { startEmbedded } from '../lib/embedded-db.mjs';

const RUNS = Number(process.env.BENCH_RUNS ?? 150);
const PHOTO_RUNS = Number(process.env.BENCH_PHOTO_RUNS ?? 30);
const database = await startEmbedded({ dataDir: path.resolve('.data/pg-bench-returns'), port: Number(process.env.BENCH_PG_PORT ?? 54349), log: () => {} });
await runMigrations(database.url);
const db = createDb(database.url, { max: 4 });
await seedDemoShop(db);

const percentile = (values, p) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
};
const summary = (name, values) => ({
  measured: name,
  runs: values.length,
  'p50 ms': +percentile(values, 50).toFixed(1),
  'p95 ms': +percentile(values, 95).toFixed(1),
  'max ms': +Math.max(...values).toFixed(1),
});

// A phone-like photo: 4000 × 3000 with noise (so it does not compress away), ~3–5 MB JPEG.
const noise = Buffer.alloc(400 * 300 * 3);
for (let i = 0; i < noise.length; i++) noise[i] = (i * 2654435761) >>> 24;
const phoneJpeg = await sharp(noise, { raw: { width: 400, height: 300, channels: 3 } }).resize(4000, 3000, { kernel: 'nearest' }).jpeg({ quality: 92 }).toBuffer();
const smallJpeg = await sharp(noise, { raw: { width: 400, height: 300, channels: 3 } }).jpeg({ quality: 85 }).toBuffer();

const ctxFor = (orderId) => ({ db, actor: { type: 'customer', orderId } });
const TZ = 'Europe/Helsinki';

async function prepare() {
  const order = await createReturnableOrder(db, { lines: [{ quantity: 1 }, { quantity: 2 }, { quantity: 1 }], siblingStock: [50] });
  const photos = [];
  for (let i = 0; i < 2; i++) {
    const result = await storeOrderPhoto(ctxFor(order.id), { orderId: order.id, bytes: smallJpeg });
    photos.push(result.id);
  }
  const request = {
    orderNumber: order.orderNumber,
    idempotencyKey: randomUUID(),
    method: 'printerless',
    carrier: 'posti',
    items: [
      { orderLineId: order.lines[0].id, selected: true, quantity: 1, reasonCode: 'not_as_described', comment: 'Seams open', photoIds: photos, resolution: 'refund', exchangeVariantId: '' },
      { orderLineId: order.lines[1].id, selected: true, quantity: 2, reasonCode: 'changed_mind', comment: '', photoIds: [], resolution: 'store_credit', exchangeVariantId: '' },
      { orderLineId: order.lines[2].id, selected: true, quantity: 1, reasonCode: 'too_small', comment: '', photoIds: [], resolution: 'exchange_variant', exchangeVariantId: order.siblings[0].id },
    ],
  };
  return { order, request };
}

// Warm-up (module graph, prepared statements, sharp's thread pool).
for (let i = 0; i < 5; i++) {
  const { order, request } = await prepare();
  await submitReturn(ctxFor(order.id), { orderId: order.id, request, timeZone: TZ });
}

const submitTimes = [];
for (let i = 0; i < RUNS; i++) {
  const { order, request } = await prepare();
  const started = performance.now();
  await submitReturn(ctxFor(order.id), { orderId: order.id, request, timeZone: TZ });
  submitTimes.push(performance.now() - started);
}

const uploadTimes = [];
const probe = await createReturnableOrder(db);
for (let i = 0; i < PHOTO_RUNS; i++) {
  const started = performance.now();
  const result = await storeOrderPhoto(ctxFor(probe.id), { orderId: probe.id, bytes: phoneJpeg });
  uploadTimes.push(performance.now() - started);
  if (!result.ok) throw new Error(`upload refused: ${result.reason}`);
  // Keep under the per-order cap of waiting photos.
  await db.execute(sql`delete from photos where id = ${result.id}`);
}

const returnsCount = await db.execute(sql`select count(*)::int as n from returns`);
console.log(`\nReturn use cases, in-process server time, embedded PostgreSQL 18 on loopback, ${returnsCount[0].n} returns in the database:`);
console.table([
  summary('submitReturn: 3 items (refund, credit, exchange), 2 photos attached, auto-approve off', submitTimes),
  summary(`storeOrderPhoto: ${(phoneJpeg.length / 1024 / 1024).toFixed(1)} MB 12 MP JPEG → ≤ 1 MB`, uploadTimes),
]);

await db.$end();
await database.stop();
process.exit(0);
