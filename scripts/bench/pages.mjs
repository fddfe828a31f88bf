// npm run bench:pages — every page a customer or an agent waits on, measured from outside against the app
// started exactly as `npm start` starts it (scripts/start.mjs: the supervised Next.js server and the worker),
// on a fresh embedded database with the demo shop, beside a raw node:http server sending the order page's
// bytes (the ceiling of this machine at this moment: the ratio to it is what compares between runs on a
// shared machine). Logs in through the forms like a person: the order lookup form (with the email, so the
// order page is the verified view) and the staff sign-in form (a real agent). Uses the existing `next build`.
// BENCH_SECONDS (10), BENCH_CONNECTIONS (50), BENCH_PORT (3202), BENCH_PG_PORT (55502),
// BENCH_CPU_REQUESTS (24) requests per page for the CPU figures and the bytes of one answer (HTML, RSC payload) (after BENCH_WARMUP_REQUESTS (40) unmeasured), BENCH_ONLY=<substring of a row name> measures only matching rows, BENCH_CPU_PROF=<dir> profiles the server,
// BENCH_STATEMENTS=1 lists the statements each page ran, BENCH_DUMP=<dir> keeps one answer of each page (HTML, RSC).
// Besides req/s and latency (which on a shared machine move with everyone else's load) it prints the CPU time
// the web server process and the database spent per request (from /proc): that figure barely depends on
// other load. Prints a table; asserts nothing.
import autocannon from 'autocannon';
import { fork, spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { createDb } from '../../db/index.ts';
import { runMigrations } from '../../db/migrate.ts';
import { seedDemoShop } from '../../db/seed.ts';
import { mintTrackingLink } from '../../lib/tracking-links/mint-tracking-link.ts';
import { startEmbedded } from '../lib/embedded-db.mjs';
import { webConcurrency } from '../lib/web-concurrency.mjs';
import { submitForm as submitStackForm } from './stack.mjs';

const PORT = Number(process.env.BENCH_PORT ?? 3202);
const RAW_PORT = PORT + 1000;
const PG_PORT = Number(process.env.BENCH_PG_PORT ?? 55502);
const DURATION = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
const ONLY = process.env.BENCH_ONLY;
const PROF_DIR = process.env.BENCH_CPU_PROF;
const BASE = `http://127.0.0.1:${PORT}`;
process.env.NEXT_TELEMETRY_DISABLED = '1';

if (!existsSync('.next/BUILD_ID')) {
  console.error('No build in .next: run `npm run build` first (bench:pages measures the existing build).');
  process.exit(1);
}

// A fresh database each run: the same demo data, nothing left from an earlier run.
// (Under .data: the embedded cluster runs as the OS user postgres, and startEmbedded opens the parent folder to it.)
const dataDir = path.resolve('.data/pg-bench-pages');
const clean = () => {
  rmSync(dataDir, { recursive: true, force: true });
  rmSync(`${dataDir}.json`, { force: true });
};
clean();
// pg_stat_statements counts every statement the moment it ends (the cumulative statistics lag by seconds).
const database = await startEmbedded({ dataDir, port: PG_PORT, log: () => {}, settings: ['-c', 'shared_preload_libraries=pg_stat_statements'] });
await runMigrations(database.url);
const db = createDb(database.url, { max: 2 });
await db.execute(sql`create extension if not exists pg_stat_statements`);
const demo = await seedDemoShop(db);

let app;
let raw;
async function cleanup() {
  for (const child of [app, raw]) if (child && child.exitCode === null) await stop(child);
  await db.$end().catch(() => {});
  await database.stop().catch(() => {});
  clean();
}

/** `npm start` (scripts/start.mjs) on the bench database; resolves when the app answers. */
let webPids = [];

/** CPU seconds (user + system) a process has used, its reaped children's included (from /proc). */
function cpuSeconds(pid) {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    // fields[11..14] are utime, stime, cutime, cstime in clock ticks (100 per second on Linux).
    return (Number(fields[11]) + Number(fields[12]) + Number(fields[13]) + Number(fields[14])) / 100;
  } catch {
    return 0;
  }
}
/** The web servers' CPU seconds, all of them. */
const webCpuSeconds = () => webPids.reduce((sum, pid) => sum + cpuSeconds(pid), 0);
/** The embedded PostgreSQL's CPU seconds: the postmaster and its backends. */
function databaseCpuSeconds() {
  const postmaster = Number(readFileSync(path.join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
  let children = [];
  try {
    children = readdirSync(`/proc/${postmaster}/task`).flatMap((task) =>
      readFileSync(`/proc/${postmaster}/task/${task}/children`, 'utf8').trim().split(/\s+/).filter(Boolean),
    );
  } catch {
    // no children file: count the postmaster alone
  }
  return cpuSeconds(postmaster) + children.reduce((sum, pid) => sum + cpuSeconds(pid), 0);
}

/**
 * Statements the database has run since the last call (pg_stat_statements, reset each time), less the bench's
 * own and pg-boss's polling; the worker's other polling is taken off as background below.
 */
async function statementsRun(label) {
  const rows = await db.execute(
    sql`select query, calls::int as calls from pg_stat_statements where query not ilike '%pg_stat_statements%' and query not ilike '%pgboss%' order by calls desc, query`,
  );
  await db.execute(sql`select pg_stat_statements_reset()`);
  // BENCH_STATEMENTS=1: which statements a page ran (calls over the measured requests), to see what to merge.
  if (label && process.env.BENCH_STATEMENTS) {
    console.log(`\nstatements of ${label}:`);
    for (const row of rows) console.log(`${String(row.calls).padStart(5)}  ${row.query.replace(/\s+/g, ' ').slice(0, 220)}`);
  }
  return rows.reduce((sum, row) => sum + Number(row.calls), 0);
}

async function startApp(extraEnv = {}) {
  const expectedWebServers = PROF_DIR ? 1 : webConcurrency();
  const env = { ...process.env, DATABASE_URL: database.url, PORT: String(PORT), ...extraEnv };
  // Profiling: the web server alone (scripts/server.mjs, as start.mjs forks it) under --cpu-prof, no worker.
  const child = PROF_DIR
    ? fork('scripts/server.mjs', [], {
        env: { ...env, NODE_ENV: 'production' },
        execArgv: ['--cpu-prof', `--cpu-prof-dir=${path.resolve(PROF_DIR)}`, ...(Number(process.env.WEB_SEMI_SPACE_MB ?? 64) > 0 ? [`--max-semi-space-size=${process.env.WEB_SEMI_SPACE_MB ?? 64}`] : [])],
        stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
      })
    : spawn(process.execPath, ['--import', 'tsx', 'scripts/start.mjs', `--port=${PORT}`], { env, stdio: ['ignore', 'pipe', 'inherit'] });
  // The web server's pid (start.mjs names it), for its CPU time per request.
  child.stdout.on('data', (chunk) => {
    const text = String(chunk);
    if (process.env.BENCH_DEBUG) process.stdout.write(text);
    // Every web server start.mjs runs (one per core by default, WEB_CONCURRENCY): their CPU adds up.
    for (const [, pid] of text.matchAll(/listens on port \d+ \(pid (\d+)\)/g)) webPids.push(Number(pid));
  });
  webPids = PROF_DIR ? [child.pid] : [];
  for (let i = 0; i < 2400; i++) {
    if (child.exitCode !== null) throw new Error(`npm start exited with ${child.exitCode}`);
    const ok = await fetch(`${BASE}/api/health`).then((r) => r.ok, () => false);
    if (ok && webPids.length >= expectedWebServers) return child;
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill('SIGTERM');
  throw new Error('the app did not answer within 240 s');
}

function stop(child) {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', resolve);
    child.kill('SIGTERM');
  });
}

/** A form on this run's server (stack.mjs `submitForm`). */
const submitForm = (pagePath, fields, options) => submitStackForm(BASE, pagePath, fields, options);

async function expectPage(pagePath, cookie) {
  const response = await fetch(`${BASE}${pagePath}`, { headers: cookie ? { cookie } : {}, redirect: 'manual' });
  if (response.status !== 200) throw new Error(`${pagePath} answered ${response.status}`);
  return Buffer.from(await response.arrayBuffer());
}

const CPU_REQUESTS = Number(process.env.BENCH_CPU_REQUESTS ?? 24);
const WARMUP_REQUESTS = Number(process.env.BENCH_WARMUP_REQUESTS ?? 40);

/**
 * Waits until the web server has finished what the previous load left in flight (autocannon stops sending
 * after its duration, but the server still renders the requests it has accepted): until it uses under a
 * tenth of a core for a second, at most a minute.
 */
async function settled() {
  for (let i = 0; i < 60; i++) {
    const before = webCpuSeconds();
    await new Promise((resolve) => setTimeout(resolve, 1000));
    if (webCpuSeconds() - before < 0.1) return;
  }
}
let background = { web: 0, db: 0, statements: 0 };

async function measure(name, url, headers = {}) {
  if (ONLY && !name.includes(ONLY)) return null;
  const isApp = url.startsWith(BASE);
  const raw = !isApp;
  // First the cost: a fixed number of requests at low concurrency (every one completes, so nothing is counted
  // half), the CPU the web server and the database spent on them, and the statements run. These figures barely
  // move with other load on the machine, unlike req/s. This also warms the route up.
  // Warm-up, unmeasured: a freshly started server compiles the route and V8 optimizes the render on the
  // first requests (the cache-off row starts a new server), and round-robin gives every web server its share.
  if (isApp) await autocannon({ url, connections: 2, amount: WARMUP_REQUESTS, headers, timeout: 60 });
  await settled();
  await statementsRun();
  const [web0, db0] = [webCpuSeconds(), databaseCpuSeconds()];
  const t0 = performance.now();
  const probe = await autocannon({ url, connections: 2, amount: CPU_REQUESTS, headers, timeout: 60 });
  // While the raw server answers, the app is idle: what its worker (pg-boss polling) and timers cost per
  // second then is taken off every page's figures below.
  if (raw) await new Promise((resolve) => setTimeout(resolve, 5000));
  const seconds = (performance.now() - t0) / 1000;
  const [web1, db1] = [webCpuSeconds(), databaseCpuSeconds()];
  const statements = await statementsRun(isApp ? `${name} (${CPU_REQUESTS} requests)` : null);
  if (raw) background = { web: (web1 - web0) / seconds, db: (db1 - db0) / seconds, statements: statements / seconds };
  const n = probe.requests.total || 1;
  // What one answer weighs: the HTML a browser loads, and the RSC payload a client-side navigation fetches.
  const weigh = async (extra) => {
    const bytes = await (await fetch(url, { headers: { ...headers, ...extra } })).arrayBuffer();
    // BENCH_DUMP=<dir>: keep one answer per page (name.html, name.rsc) to see what its bytes are.
    if (process.env.BENCH_DUMP) {
      mkdirSync(process.env.BENCH_DUMP, { recursive: true });
      writeFileSync(path.join(process.env.BENCH_DUMP, `${name.replace(/\W+/g, '-')}.${extra.RSC ? 'rsc' : 'html'}`), Buffer.from(bytes));
    }
    return bytes.byteLength;
  };
  const [htmlBytes, rscBytes] = isApp ? await Promise.all([weigh({}), weigh({ RSC: '1' })]) : [0, 0];
  const per = (delta, idle) => Math.max(0, ((delta - idle * seconds) * 1000) / n).toFixed(1);
  // Then the throughput under load. A slow answer is a slow answer, not an error: wait up to a minute.
  const result = await autocannon({ url, connections: CONNECTIONS, duration: DURATION, headers, timeout: 60 });
  if (process.env.BENCH_DEBUG) console.error(name, { errors: result.errors, timeouts: result.timeouts, non2xx: result.non2xx, statusCodeStats: result.statusCodeStats });
  return {
    page: name,
    'req/s': Math.round(result.requests.average),
    'p50 ms': result.latency.p50,
    'p99 ms': result.latency.p99,
    errors: result.errors + result.timeouts + result.non2xx + probe.errors + probe.timeouts + probe.non2xx,
    'server CPU ms/req': isApp ? per(web1 - web0, background.web) : '',
    'db CPU ms/req': isApp ? per(db1 - db0, background.db) : '',
    'HTML KB': isApp ? (htmlBytes / 1024).toFixed(1) : '',
    'RSC KB': isApp ? (rscBytes / 1024).toFixed(1) : '',
    'queries/req': isApp ? Math.max(0, (statements - background.statements * seconds) / n).toFixed(1) : '',
  };
}

for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => cleanup().finally(() => process.exit(130)));

try {
  app = await startApp();

  // The customer: the order lookup form with the email (the verified view), as a browser posts it.
  const sample = demo.sampleOrders[0];
  const customer = await submitForm('/en', { orderNumber: sample.orderNumber, contact: sample.email }, { ip: '10.9.9.1' });
  const orderPath = `/en/orders/${sample.orderNumber}`;
  const orderBytes = await expectPage(orderPath, customer.cookie);

  // A return's status page: the customer of an order with a return looks that order up the same way.
  const [returned] = await db.execute(
    sql`select r.rma_number, o.order_number, o.email from returns r join orders o on o.id = r.order_id order by r.created_at desc limit 1`,
  );
  const returnCustomer = await submitForm('/en', { orderNumber: returned.order_number, contact: returned.email }, { ip: '10.9.9.2' });
  const returnPath = `/en/returns/${returned.rma_number}`;
  await expectPage(returnPath, returnCustomer.cookie);

  // The agent: the staff sign-in form (the demo agent has no second factor).
  const agentLogin = demo.staff.find((s) => s.role === 'agent');
  const agent = await submitForm('/staff/login', { email: agentLogin.email, password: agentLogin.password }, { ip: '10.9.9.3' });
  await expectPage('/staff', agent.cookie);
  const [openCase] = await db.execute(sql`select id from cases where status <> 'closed' order by created_at limit 1`);
  const casePath = `/staff/cases/${openCase.id}`;
  await expectPage(casePath, agent.cookie);

  // The tracking link a merchant's email carries, opened like a customer opens it.
  const [orderRow] = await db.execute(sql`select id from orders where order_number = ${sample.orderNumber}`);
  const { token } = await mintTrackingLink(db, { orderId: orderRow.id });
  const opened = await fetch(`${BASE}/t/${token}`, { redirect: 'manual' });
  if (opened.status !== 303) throw new Error(`/t/ answered ${opened.status}`);
  const linkCookie = opened.headers.get('set-cookie').split(';')[0];
  const trackingPath = opened.headers.get('location');
  await expectPage(trackingPath, linkCookie);

  // The ceiling: node:http answering the order page's bytes, in its own process like the app.
  const bytesFile = path.resolve('.data/bench-pages-order.html');
  writeFileSync(bytesFile, orderBytes);
  const rawServer = `const b=require('fs').readFileSync(${JSON.stringify(bytesFile)});require('http').createServer((q,s)=>{s.writeHead(200,{'content-type':'text/html; charset=utf-8','content-length':b.length});s.end(b)}).listen(${RAW_PORT},'127.0.0.1',()=>process.send('up'))`;
  raw = spawn(process.execPath, ['-e', rawServer], { stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
  await new Promise((resolve) => raw.once('message', resolve));

  const rows = [];
  const add = (row) => row && rows.push(row);
  add(await measure(`raw node:http, same bytes (${Math.round(orderBytes.length / 1024)} KB)`, `http://127.0.0.1:${RAW_PORT}/`));
  add(await measure('lookup page /en', `${BASE}/en`));
  add(await measure('order page after lookup (verified)', `${BASE}${orderPath}`, { cookie: customer.cookie }));
  add(await measure('staff queue /staff', `${BASE}/staff`, { cookie: agent.cookie }));
  add(await measure('staff case', `${BASE}${casePath}`, { cookie: agent.cookie }));
  add(await measure('return status page', `${BASE}${returnPath}`, { cookie: returnCustomer.cookie }));
  add(await measure('tracking-link view, page cache on', `${BASE}${trackingPath}`, { cookie: linkCookie }));
  if (!ONLY || 'tracking-link view, page cache off'.includes(ONLY)) {
    await stop(app);
    app = await startApp({ PAGE_CACHE_ORDERS: '0' });
    add(await measure('tracking-link view, page cache off', `${BASE}${trackingPath}`, { cookie: linkCookie }));
  }

  const ceiling = rows[0]?.page.startsWith('raw') ? rows[0]['req/s'] : null;
  for (const row of rows) row['× ceiling'] = ceiling ? (row['req/s'] / ceiling).toFixed(3) : '';
  const [{ n }] = await db.execute(sql`select count(*)::int as n from orders`);
  console.log(
    `\nnpm run bench:pages — ${new Date().toISOString()} — autocannon ${CONNECTIONS} connections × ${DURATION} s per page, loopback, ` +
      `app as \`npm start\` runs it (server + worker), ${n} orders`,
  );
  console.table(rows);
} finally {
  await cleanup();
}
process.exit(0);
