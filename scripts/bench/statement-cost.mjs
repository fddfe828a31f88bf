// npm run bench:statements — what one read costs the process that runs it, by how it is written: drizzle's query
// builder (the SQL is built again on every call), the same query prepared once (`.prepare()`), drizzle's raw `sql`
// through db.execute, and postgres.js's own tagged template. The pages run ~5–10 reads each (issue #16), so this is
// the price of every statement a page keeps. On a fresh embedded database with the demo shop; 10 reads in flight,
// as a page's side-by-side reads are. Prints CPU µs per call (user + system of this process); asserts nothing.
import path from 'node:path';
import { rmSync } from 'node:fs';
import { eq, sql } from 'drizzle-orm';
import { createDb } from '../../db/index.ts';
import { runMigrations } from '../../db/migrate.ts';
import { orderLines, orders } from '../../db/schema/index.ts';
import { seedDemoShop } from '../../db/seed.ts';
import { startEmbedded } from '../lib/embedded-db.mjs';

const CALLS = Number(process.env.BENCH_CALLS ?? 3000);
const dataDir = path.resolve('.data/pg-bench-statements');
const clean = () => {
  rmSync(dataDir, { recursive: true, force: true });
  rmSync(`${dataDir}.json`, { force: true });
};
clean();
const database = await startEmbedded({ dataDir, port: Number(process.env.BENCH_PG_PORT ?? 55503), log: () => {} });
try {
  await runMigrations(database.url);
  const db = createDb(database.url, { max: 10 });
  await seedDemoShop(db);
  const client = db.$client;
  const [{ id }] = await db.execute(sql`select id from orders order by order_number limit 1`);

  async function cost(label, call) {
    for (let i = 0; i < 300; i++) await call();
    const before = process.cpuUsage();
    let started = 0;
    await Promise.all(Array.from({ length: 10 }, async () => { while (started++ < CALLS) await call(); }));
    const used = process.cpuUsage(before);
    return { read: label, 'CPU µs/call': Math.round((used.user + used.system) / CALLS) };
  }
  const prepared = db.select().from(orders).where(eq(orders.id, sql.placeholder('id'))).limit(1).prepare('bench_order_by_id');
  const rows = [];
  for (let run = 0; run < 2; run++) {
    rows.push(await cost('order row: drizzle builder', () => db.select().from(orders).where(eq(orders.id, id)).limit(1)));
    rows.push(await cost('order row: drizzle prepared once', () => prepared.execute({ id })));
    rows.push(await cost('order row: drizzle sql`` via db.execute', () => db.execute(sql`select * from orders where id = ${id} limit 1`)));
    rows.push(await cost('order row: postgres.js template', () => client`select * from orders where id = ${id} limit 1`));
    rows.push(await cost('order lines: drizzle builder', () => db.select().from(orderLines).where(eq(orderLines.orderId, id))));
    rows.push(await cost('order lines: postgres.js template', () => client`select * from order_lines where order_id = ${id}`));
    rows.push(await cost('select 1: postgres.js template', () => client`select 1`));
  }
  console.log(`\nnpm run bench:statements — ${new Date().toISOString()} — ${CALLS} calls each, 10 in flight, two passes`);
  console.table(rows);
  await db.$end();
} finally {
  await database.stop().catch(() => {});
  clean();
}
process.exit(0);
