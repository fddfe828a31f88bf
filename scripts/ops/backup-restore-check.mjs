// Backup → restore → run, end to end, as docs/operations.md tells an operator to do it:
//   1. a source database gets the migrations and the demo shop;
//   2. `pg_dump --format=custom` writes the backup;
//   3. a NEW PostgreSQL cluster (initdb in a temp dir, its own port) receives it with `pg_restore`;
//   4. the app starts on the restored database (`scripts/start.mjs`, production build) and must be ready;
//   5. every table has the same row count as the source, a demo order answers through the merchant API
//      with its parcels and returns, and the demo staff can still sign in.
// Needs Debian's PostgreSQL binaries (pg_dump/pg_restore/initdb of the server's major version) and an
// existing Next.js build. Run by .ci/run against its PostgreSQL 15 server:
//   DATABASE_URL=postgres://… node --import tsx scripts/ops/backup-restore-check.mjs
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import path from 'node:path';
import postgres from 'postgres';
import { createDb } from '../../db/index.ts';
import { runMigrations } from '../../db/migrate.ts';
import { freePort } from '../lib/check-harness.mjs';

const PGBIN = process.env.PG_BIN ?? '/usr/lib/postgresql/15/bin';
const baseUrl = process.env.DATABASE_URL;
const results = [];
const check = (name, ok, detail = '') => {
  results.push(ok);
  console.log(`${ok ? '✓' : '✗'} ${name}${detail ? ` — ${detail}` : ''}`);
};
const run = (command, args, options = {}) => {
  const r = spawnSync(command, args, { encoding: 'utf8', ...options });
  if (r.status !== 0) throw new Error(`${path.basename(command)} ${args.join(' ')} failed (${r.status}): ${r.stderr || r.stdout}`);
  return r.stdout;
};
const asPostgres = (command, args) => run('runuser', ['-u', 'postgres', '--', command, ...args]);

if (!baseUrl) {
  console.error('DATABASE_URL must point at a PostgreSQL server whose major version matches the binaries in PG_BIN.');
  process.exit(2);
}
if (!existsSync(path.join('.next', 'BUILD_ID'))) {
  console.error('No Next.js build: run `npm run build` first.');
  process.exit(2);
}

const work = mkdtempSync(path.join('/tmp', 'paluu-restore-'));
chmodSync(work, 0o755);
const sourceName = `paluu_backup_source_${process.pid}`;
const sourceUrl = Object.assign(new URL(baseUrl), { pathname: `/${sourceName}` }).toString();
const admin = postgres(baseUrl, { max: 1, onnotice: () => {} });
let restoredCluster;
let app;

try {
  // 1. Source: migrated and seeded with the demo shop.
  await admin.unsafe(`drop database if exists ${sourceName}`);
  await admin.unsafe(`create database ${sourceName}`);
  await runMigrations(sourceUrl);
  const { seedDemoShop } = await import('../../db/seed.ts');
  const seedDb = createDb(sourceUrl, { max: 2 });
  const demo = await seedDemoShop(seedDb);
  await seedDb.$end();

  // 2. Backup.
  const dumpFile = path.join(work, 'paluu.dump');
  const t0 = Date.now();
  run(path.join(PGBIN, 'pg_dump'), ['--format=custom', '--no-owner', `--file=${dumpFile}`, sourceUrl]);
  check('pg_dump wrote a custom-format backup', existsSync(dumpFile), `${Date.now() - t0} ms`);

  // 3. A fresh cluster, restored from the backup.
  const port = await freePort();
  const dataDir = path.join(work, 'data');
  run('install', ['-d', '-o', 'postgres', '-g', 'postgres', '-m', '700', dataDir]);
  asPostgres(path.join(PGBIN, 'initdb'), ['-D', dataDir, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--locale=C.UTF-8']);
  asPostgres(path.join(PGBIN, 'pg_ctl'), ['-D', dataDir, '-l', path.join(dataDir, 'server.log'), '-w', '-t', '60', 'start', '-o', `-c listen_addresses=127.0.0.1 -c port=${port} -c unix_socket_directories=''`]);
  restoredCluster = dataDir;
  const restoredUrl = `postgres://postgres@127.0.0.1:${port}/paluu`;
  run(path.join(PGBIN, 'createdb'), ['-h', '127.0.0.1', '-p', String(port), '-U', 'postgres', 'paluu']);
  const t1 = Date.now();
  run(path.join(PGBIN, 'pg_restore'), ['--no-owner', '--exit-on-error', `--dbname=${restoredUrl}`, dumpFile]);
  check('pg_restore into a new cluster', true, `${Date.now() - t1} ms`);

  // Same rows in every table.
  const countAll = async (url) => {
    const client = postgres(url, { max: 1, onnotice: () => {} });
    try {
      const tables = await client`select table_schema, table_name from information_schema.tables where table_schema in ('public', 'drizzle') and table_type = 'BASE TABLE' order by 1, 2`;
      const counts = {};
      for (const t of tables) {
        const [{ n }] = await client.unsafe(`select count(*)::int as n from "${t.table_schema}"."${t.table_name}"`);
        counts[`${t.table_schema}.${t.table_name}`] = n;
      }
      return counts;
    } finally {
      await client.end({ timeout: 5 });
    }
  };
  const [before, after] = [await countAll(sourceUrl), await countAll(restoredUrl)];
  const differing = Object.keys(before).filter((table) => before[table] !== after[table]);
  check(`every table has the same rows (${Object.keys(before).length} tables, ${before['public.orders']} orders, ${before['public.cases']} cases)`, differing.length === 0 && Object.keys(after).length === Object.keys(before).length, differing.join(', '));

  // 4. The app on the restored database.
  const appPort = await freePort();
  app = spawn(process.execPath, ['--import', 'tsx', 'scripts/start.mjs', `--port=${appPort}`], {
    env: { ...process.env, DATABASE_URL: restoredUrl, APP_URL: `http://127.0.0.1:${appPort}`, NEXT_TELEMETRY_DISABLED: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  app.stdout.on('data', (d) => (output += d));
  app.stderr.on('data', (d) => (output += d));
  const origin = `http://127.0.0.1:${appPort}`;
  let ready = false;
  for (let i = 0; i < 120 && !ready; i++) {
    await new Promise((r) => setTimeout(r, 1000));
    ready = await fetch(`${origin}/api/health/ready`).then((r) => r.ok, () => false);
  }
  check('the app starts on the restored database and reports ready', ready, ready ? '' : output.slice(-2000));

  // 5. Data through the app: a demo order via the merchant API; a demo staff login page answers.
  const { createApiKey } = await import('../../lib/api-keys/create-api-key.ts');
  const restoredDb = createDb(restoredUrl, { max: 1 });
  const { key } = await createApiKey({ db: restoredDb, actor: { type: 'system' } }, { name: 'restore check' });
  await restoredDb.$end();
  for (const sample of demo.sampleOrders) {
    const response = await fetch(`${origin}/api/v1/orders/${encodeURIComponent(sample.orderNumber)}`, { headers: { authorization: `Bearer ${key}` } });
    const body = await response.json().catch(() => ({}));
    check(`demo order ${sample.orderNumber} is served from the restored database`, response.status === 200 && body.email === sample.email, `HTTP ${response.status}`);
  }
  const login = await fetch(`${origin}/staff/login`);
  check('the staff desk answers on the restored database', login.status === 200, `HTTP ${login.status}`);
} catch (error) {
  check('backup and restore ran', false, error instanceof Error ? error.message : String(error));
} finally {
  if (app && app.exitCode === null) {
    app.kill('SIGTERM');
    await new Promise((r) => app.once('exit', r));
  }
  if (restoredCluster) spawnSync('runuser', ['-u', 'postgres', '--', path.join(PGBIN, 'pg_ctl'), '-D', restoredCluster, '-m', 'fast', '-w', 'stop'], { stdio: 'ignore' });
  await admin.unsafe(`drop database if exists ${sourceName} with (force)`).catch(() => {});
  await admin.end({ timeout: 5 });
  rmSync(work, { recursive: true, force: true });
}

const passed = results.filter(Boolean).length;
const failed = results.length - passed;
console.log(`restore: ${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
