// npm run db:seed — migrates, then seeds the demo shop "Kuusi & Koivu" into DATABASE_URL or the
// embedded database. Running it again changes nothing (the seed skips an existing demo shop).
import { sql } from 'drizzle-orm';
import { createDb } from '../db/index.ts';
import { runMigrations } from '../db/migrate.ts';
import { DEMO_ADMIN_TOTP_SECRET, DEMO_TABLES, seedDemoShop } from '../db/seed.ts';
import { resolveDatabase } from './lib/embedded-db.mjs';

/** Tables the demo shop writes to, in the order they are printed. */

async function countRows(db) {
  const counts = {};
  for (const table of DEMO_TABLES) {
    const [row] = await db.execute(sql.raw(`select count(*)::int as count from ${table}`));
    counts[table] = row.count;
  }
  return counts;
}

const target = await resolveDatabase();
const db = createDb(target.url, { max: 2 });
try {
  const started = performance.now();
  await runMigrations(target.url);
  const migrated = performance.now();
  const summary = await seedDemoShop(db);
  const seeded = performance.now();

  const counts = await countRows(db);
  console.log(
    summary.seeded
      ? `Seeded the demo shop "${summary.shopName}" in ${Math.round(seeded - migrated)} ms (migrations ${Math.round(migrated - started)} ms).`
      : `The demo shop "${summary.shopName}" is already there; nothing was written.`,
  );
  console.log(`Rows: ${Object.entries(counts).map(([table, count]) => `${table} ${count}`).join(', ')}`);
  console.log('\nTry these orders (order number + email or postal code):');
  for (const order of summary.sampleOrders) {
    console.log(`  ${order.orderNumber}  ${order.email}  ${order.postalCode}  [${order.locale}]  ${order.description}`);
  }
  console.log('\nStaff desk logins:');
  for (const staff of summary.staff) console.log(`  ${staff.role.padEnd(5)}  ${staff.email}  ${staff.password}`);
  console.log(`  The demo admin's TOTP secret: ${DEMO_ADMIN_TOTP_SECRET}`);
} finally {
  await db.$end();
  await target.release();
}
