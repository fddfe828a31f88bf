// The previous release's build against the new schema, and the new build against the old data (issue #19:
// migrations follow expand → migrate → contract, docs/operations.md "Releases"). On ONE fresh database:
//   1. the previous release (release.json `previous`) is checked out in a temporary git worktree and built;
//   2. the OLD release's migrations and demo shop go in, then the NEW migrations (a rolling deploy: schema first);
//   3. the OLD build (web server + worker, as its scripts/start.mjs runs them) answers a smoke journey over HTTP;
//   4. the NEW build answers the same journey on the same database and reads back what the old build wrote.
// Prints a table of the steps with their times; exits non-zero on any failure. Run by .ci/run:
//   node --import tsx scripts/ops/compat-check.mjs
// DATABASE_URL: use that server, in a database of its own (dropped at the end); otherwise an embedded
// PostgreSQL in a temp dir. COMPAT_PG_PORT, COMPAT_OLD_PORT, COMPAT_NEW_PORT choose ports (default: free ones).
// COMPAT_PREVIOUS_DIR: an existing, built checkout of the previous release to use instead of a new worktree
// (the directory is left as it is).
// --prepare: only check the previous release out into COMPAT_PREVIOUS_DIR (a git worktree) and build it, then exit.
// .ci/run does that in the background beside the vitest runs, and runs the check itself at the end on that checkout.
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import postgres from 'postgres';
import { runMigrations } from '../../db/migrate.ts';
import { freePort, launchChromium, sleep, stopChild } from '../lib/check-harness.mjs';
import { startEmbedded } from '../lib/embedded-db.mjs';

const repo = process.cwd();
const started = Date.now();
const rows = []; // { name, ms, ok, detail }
const failures = [];

/** Runs one step, timed; a step that throws stops the run (everything after depends on it). */
async function step(name, fn) {
  const t0 = Date.now();
  try {
    const detail = (await fn()) ?? '';
    rows.push({ name, ms: Date.now() - t0, ok: true, detail: typeof detail === 'string' ? detail : '' });
    console.log(`✓ ${name} (${Date.now() - t0} ms)`);
    return detail;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    rows.push({ name, ms: Date.now() - t0, ok: false, detail: message });
    failures.push(`${name}: ${message}`);
    console.log(`✗ ${name} (${Date.now() - t0} ms) — ${message}`);
    throw error;
  }
}

/** A command to completion; rejects with the tail of its output. */
function exec(command, args, { cwd = repo, env = {}, timeoutMs = 20 * 60_000 } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.once('error', reject);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      if (code === 0) resolve(out);
      else reject(new Error(`\`${path.basename(command)} ${args.join(' ')}\` in ${cwd} failed (${signal ?? code}):\n${out.slice(-3000)}`));
    });
  });
}
const git = (...args) => exec('git', args);
const node = (args, options) => exec(process.execPath, args, options);

/** `scripts/start.mjs` of a checkout (web server + worker, migrations on start), as production runs it. */
function startApp(dir, port, databaseUrl) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/start.mjs', `--port=${port}`], {
    cwd: dir,
    env: { ...process.env, DATABASE_URL: databaseUrl, APP_URL: `http://127.0.0.1:${port}`, NEXT_TELEMETRY_DISABLED: '1', PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.output = '';
  // Error and fatal log lines (pino JSON) of the web server and the worker: an old build tripping over the
  // new schema often shows only there (a background job, a query a page does not await).
  child.errors = [];
  let partial = '';
  const keep = (d) => {
    child.output = (child.output + d).slice(-6000);
    const lines = (partial + d).split('\n');
    partial = lines.pop() ?? '';
    for (const line of lines) if (/"level":"(error|fatal)"/.test(line)) child.errors.push(line.slice(0, 600));
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  return child;
}
const stopApp = (child) => stopChild(child, 15_000);
async function waitReady(origin, child, ms = 180_000) {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (child.exitCode !== null) throw new Error(`the app exited (${child.exitCode}):\n${child.output.slice(-3000)}`);
    if (await fetch(`${origin}/api/health/ready`).then((r) => r.ok, () => false)) return;
    await sleep(500);
  }
  throw new Error(`not ready after ${ms / 1000} s:\n${child.output.slice(-3000)}`);
}

// ---- What a release is ------------------------------------------------------------------------------
const release = JSON.parse(readFileSync(path.join(repo, 'release.json'), 'utf8'));
const work = mkdtempSync(path.join(os.tmpdir(), 'paluu-compat-'));
chmodSync(work, 0o755);
const reuseDir = process.env.COMPAT_PREVIOUS_DIR ? path.resolve(process.env.COMPAT_PREVIOUS_DIR) : null;
const prepareOnly = process.argv.includes('--prepare');
if (prepareOnly && !reuseDir) {
  console.error('compat-check --prepare needs COMPAT_PREVIOUS_DIR: the directory to check the previous release out into.');
  process.exit(2);
}
const prevDir = reuseDir ?? path.join(work, 'previous');
let worktreeAdded = false;
let database;
let admin;
let ownDatabase;
let browser;
let app;

// Ctrl-C or a CI timeout's SIGTERM: the app and the worktree go too (the finally below does not run then).
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.once(signal, () => {
    app?.kill('SIGTERM');
    if (worktreeAdded) spawnSync('git', ['worktree', 'remove', '--force', prevDir], { cwd: repo, stdio: 'ignore' });
    if (ownDatabase) spawnSync('psql', [process.env.DATABASE_URL, '-c', `drop database if exists ${ownDatabase} with (force)`], { stdio: 'ignore' });
    rmSync(work, { recursive: true, force: true });
    process.exit(130);
  });
}

/**
 * The journey a user makes, over HTTP against one running build. Every check is recorded; a failing one
 * does not stop the others. Returns what it wrote (the merchant API's order) for the next build to read.
 */
async function smokeJourney(label, origin, cwd, demo, messages) {
  const results = [];
  const check = (name, ok, detail = '') => {
    results.push({ name, ok, detail });
    if (!ok) failures.push(`${label}: ${name}${detail ? ` — ${detail}` : ''}`);
  };
  const t0 = Date.now();
  const get = (p, init) => fetch(`${origin}${p}`, init);

  // Health and readiness.
  const live = await get('/api/health');
  check('GET /api/health answers 200', live.status === 200, `HTTP ${live.status}`);
  const ready = await get('/api/health/ready');
  const readyBody = await ready.json().catch(() => ({}));
  check('GET /api/health/ready answers 200 (database and migrations)', ready.status === 200, `HTTP ${ready.status} ${JSON.stringify(readyBody)}`);

  // Merchant API with a key minted by this build's own CLI.
  const key = (await node(['--import', 'tsx', 'scripts/apikey.mjs', 'create', '--name', `compat ${label}`], { cwd, env: { DATABASE_URL: database.url } })).trim().split('\n').at(-1).trim();
  const api = (method, route, body, idempotency) =>
    get(`/api/v1${route}`, {
      method,
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json', ...(idempotency ? { 'idempotency-key': idempotency } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  const tag = `${label.toUpperCase()}-${Date.now().toString(36).toUpperCase()}`;
  const orderNumber = `COMPAT-${tag}`;
  const trackingNumber = `JJFI${String(Date.now()).slice(-9)}${label === 'old' ? '1' : '2'}`;
  const put = await api('PUT', `/orders/${orderNumber}`, {
    email: `compat-${label}@example.test`,
    customerName: `Compat ${label}`,
    locale: 'en',
    currency: 'EUR',
    placedAt: new Date(Date.now() - 2 * 86_400_000).toISOString(),
    shippingAddress: { name: `Compat ${label}`, line1: 'Testikatu 1', postalCode: '00100', city: 'Helsinki', country: 'FI' },
    lines: [{ sku: `COMPAT-${label}`, title: 'Compatibility mug', quantity: 1, unitPrice: 1900 }],
    capturedAmount: 1900,
  });
  check('PUT /api/v1/orders/{n} creates an order', put.status === 200 || put.status === 201, `HTTP ${put.status} ${put.ok ? '' : await put.text()}`);
  const ship = await api('POST', `/orders/${orderNumber}/shipments`, { carrier: 'posti', trackingNumber, lines: [{ sku: `COMPAT-${label}`, quantity: 1 }] }, `compat-${tag}`);
  check('POST /api/v1/orders/{n}/shipments adds a parcel', ship.status === 201, `HTTP ${ship.status} ${ship.ok ? '' : await ship.text()}`);
  const written = { orderNumber, trackingNumber, email: `compat-${label}@example.test` };
  const back = await readOrder(api, written);
  check('GET /api/v1/orders/{n} reads the order and its parcel back', back.ok, back.detail);
  for (const sample of demo.sampleOrders.slice(0, 1)) {
    const seeded = await readOrder(api, { orderNumber: sample.orderNumber, email: sample.email });
    check(`GET /api/v1/orders/{n} serves the demo order ${sample.orderNumber}`, seeded.ok, seeded.detail);
  }

  // The customer: lookup form → verified order page → a return's status page.
  const context = await browser.newContext();
  const page = await context.newPage();
  const withReturn = demo.sampleOrders.find((o) => o.hasReturn) ?? demo.sampleOrders[0];
  const m = messages(withReturn.locale);
  let response = await page.goto(`${origin}/${withReturn.locale}`);
  check(`the lookup page /${withReturn.locale} answers 200`, response?.status() === 200, `HTTP ${response?.status()}`);
  await page.getByLabel(m.lookup.orderNumber, { exact: true }).fill(withReturn.orderNumber);
  await page.getByLabel(m.lookup.contact, { exact: true }).fill(withReturn.email);
  await page.getByRole('button', { name: m.lookup.submit }).click();
  const orderPath = `/${withReturn.locale}/orders/${encodeURIComponent(withReturn.orderNumber)}`;
  const reached = await page.waitForURL((url) => url.pathname === orderPath, { timeout: 30_000 }).then(() => true, () => false);
  check(`the lookup form leads to the order page of ${withReturn.orderNumber}`, reached, page.url());
  // The form navigates on the client; loading the page again shows its HTTP status (the grant cookie is set).
  response = reached ? await page.goto(`${origin}${orderPath}`) : null;
  const orderHtml = response ? await page.content() : '';
  check('the verified order page answers 200 with the order', response?.status() === 200 && new URL(page.url()).pathname === orderPath && orderHtml.includes(withReturn.orderNumber), `HTTP ${response?.status()} at ${page.url()}`);
  const returnLink = reached ? await page.locator(`a[href^="/${withReturn.locale}/returns/"]`).first().getAttribute('href').catch(() => null) : null;
  if (returnLink) {
    response = await page.goto(`${origin}${returnLink}`);
    const rma = decodeURIComponent(returnLink.split('/').at(-1));
    check(`the return status page ${returnLink} answers 200 with its RMA`, response?.status() === 200 && new URL(page.url()).pathname === returnLink && (await page.content()).includes(rma), `HTTP ${response?.status()} at ${page.url()}`);
  } else check('the order page links to a return status page', false, `no /returns/ link on ${page.url()}`);
  await context.close();

  // The staff desk: sign in → the queue → a case page.
  const staffContext = await browser.newContext();
  const staffPage = await staffContext.newPage();
  const agent = demo.staff.find((s) => s.role === 'agent') ?? demo.staff[0];
  response = await staffPage.goto(`${origin}/staff/login`);
  check('the staff sign-in page answers 200', response?.status() === 200, `HTTP ${response?.status()}`);
  await staffPage.locator('#email').fill(agent.email);
  await staffPage.locator('#password').fill(agent.password);
  await staffPage.locator('form button[type="submit"]').click();
  const signedIn = await staffPage.waitForURL((url) => url.pathname === '/staff', { timeout: 30_000 }).then(() => true, () => false);
  const caseLink = signedIn ? await staffPage.locator('a[href^="/staff/cases/"]').first().getAttribute('href', { timeout: 15_000 }).catch(() => null) : null;
  check(`${agent.email} signs in and the queue lists cases`, signedIn && Boolean(caseLink), staffPage.url());
  if (caseLink) {
    response = await staffPage.goto(`${origin}${caseLink}`);
    check(`the case page ${caseLink} answers 200`, response?.status() === 200 && new URL(staffPage.url()).pathname === caseLink, `HTTP ${response?.status()} at ${staffPage.url()}`);
  }
  await staffContext.close();

  // Nothing went wrong out of sight: no error or fatal line in the web server's or the worker's log.
  check('the web server and the worker logged no errors', app.errors.length === 0, app.errors.slice(0, 3).join('\n'));

  const failed = results.filter((r) => !r.ok);
  for (const r of results) console.log(`    ${r.ok ? '✓' : '✗'} ${r.name}${!r.ok && r.detail ? ` — ${r.detail.slice(0, 500)}` : ''}`);
  rows.push({ name: `${label} build: smoke journey (${results.length} checks)`, ms: Date.now() - t0, ok: failed.length === 0, detail: failed.map((r) => r.name).join('; ') });
  return { written, api, key };
}

async function readOrder(api, { orderNumber, email, trackingNumber }) {
  const response = await api('GET', `/orders/${encodeURIComponent(orderNumber)}`);
  const body = await response.json().catch(() => ({}));
  const parcels = JSON.stringify(body.shipments ?? body.parcels ?? []);
  const ok = response.status === 200 && body.email === email && (!trackingNumber || parcels.includes(trackingNumber));
  return { ok, detail: `HTTP ${response.status}${ok ? '' : ` ${JSON.stringify(body).slice(0, 400)}`}` };
}

/** A build's message catalogs (the lookup form's labels are matched in the customer's language). */
const catalogs = (dir) => (locale) => JSON.parse(readFileSync(path.join(dir, 'messages', `${locale}.json`), 'utf8'));

/** Thrown to leave the run after --prepare's build (the finally below still cleans up). */
const PREPARED = Symbol('prepared');

try {
  const commit = await step(`resolve the previous release ${String(release.previous).slice(0, 12)} (release.json)`, async () => {
    const out = await git('rev-parse', '--verify', '--quiet', `${release.previous}^{commit}`).catch(() => null);
    if (!out) {
      const shallow = (await git('rev-parse', '--is-shallow-repository').catch(() => '')).trim() === 'true';
      throw new Error(
        `commit ${release.previous} is not in this clone${shallow ? ' (a shallow clone: run `git fetch --unshallow`, or clone with full history)' : ''}; release.json must name a commit of this repository's history`,
      );
    }
    return out.trim();
  });

  if (!reuseDir || prepareOnly) {
    await step('check out the previous release (git worktree add --detach)', async () => {
      await git('worktree', 'prune'); // a run killed hard earlier leaves a worktree entry without a directory
      await git('worktree', 'add', '--detach', prevDir, commit);
      // A prepared checkout outlives this process: the run that uses it (or .ci/run) removes it.
      worktreeAdded = !prepareOnly;
    });
    await step('node_modules for the previous release', async () => {
      const same = readFileSync(path.join(repo, 'package-lock.json'), 'utf8') === readFileSync(path.join(prevDir, 'package-lock.json'), 'utf8');
      if (same) {
        // A hard-linked copy, not a symlink: Turbopack refuses a node_modules that points outside the project
        // root ("Could not find the Next.js package"). Hard links take a second and no space (same filesystem).
        await exec('cp', ['-al', path.join(repo, 'node_modules'), path.join(prevDir, 'node_modules')]).catch(() =>
          exec('cp', ['-a', path.join(repo, 'node_modules'), path.join(prevDir, 'node_modules')]),
        );
        return 'same package-lock.json: the current node_modules, hard-linked';
      }
      await exec('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline'], { cwd: prevDir });
      return 'package-lock.json differs: npm install';
    });
    await step('build the previous release (next build)', () => node([path.join('node_modules', 'next', 'dist', 'bin', 'next'), 'build'], { cwd: prevDir }).then(() => undefined));
  }
  if (!existsSync(path.join(prevDir, '.next', 'BUILD_ID'))) throw new Error(`no build in ${prevDir}`);
  if (prepareOnly) throw PREPARED;

  await step('a fresh database', async () => {
    if (process.env.DATABASE_URL) {
      ownDatabase = `paluu_compat_${process.pid}`;
      admin = postgres(process.env.DATABASE_URL, { max: 1, onnotice: () => {} });
      await admin.unsafe(`drop database if exists ${ownDatabase}`);
      await admin.unsafe(`create database ${ownDatabase}`);
      database = { url: Object.assign(new URL(process.env.DATABASE_URL), { pathname: `/${ownDatabase}` }).toString(), stop: async () => {} };
      return `database ${ownDatabase} on DATABASE_URL's server`;
    }
    database = await startEmbedded({ dataDir: path.join(work, 'pg'), port: Number(process.env.COMPAT_PG_PORT) || (await freePort()), log: () => {} });
    return 'embedded PostgreSQL';
  });

  // The previous release's schema and demo shop, written by its own code.
  const demo = await step('old release: its migrations and the demo shop, by its own code', async () => {
    const journal = JSON.parse(readFileSync(path.join(prevDir, 'db', 'migrations', 'meta', '_journal.json'), 'utf8'));
    const last = journal.entries.at(-1)?.tag;
    if (release.previousLastMigration && last !== release.previousLastMigration)
      throw new Error(`release.json says the previous release ends at migration ${release.previousLastMigration}, its checkout at ${last}`);
    const out = await node(
      ['--import', 'tsx', '--input-type=module', '-e', `
        const { runMigrations } = await import('./db/migrate.ts');
        const { createDb } = await import('./db/index.ts');
        const seed = await import('./db/seed.ts');
        await runMigrations(process.env.DATABASE_URL);
        const db = createDb(process.env.DATABASE_URL, { max: 2 });
        const summary = await seed.seedDemoShop(db);
        const { sql } = await import('drizzle-orm');
        const withReturn = await db.execute(sql\`select o.order_number from orders o where exists (select 1 from returns r where r.order_id = o.id)\`);
        await db.$end();
        const numbers = new Set(withReturn.map((r) => r.order_number));
        console.log('COMPAT_DEMO=' + JSON.stringify({ ...summary, sampleOrders: summary.sampleOrders.map((o) => ({ ...o, hasReturn: numbers.has(o.orderNumber) })) }));
      `],
      { cwd: prevDir, env: { DATABASE_URL: database.url } },
    );
    const line = out.split('\n').find((l) => l.startsWith('COMPAT_DEMO='));
    if (!line) throw new Error(`the old seed printed no summary:\n${out.slice(-2000)}`);
    return JSON.parse(line.slice('COMPAT_DEMO='.length));
  });
  rows.at(-1).detail = `up to ${release.previousLastMigration ?? 'its last'}; ${demo.sampleOrders.length} sample orders`;

  await step('new migrations on the old data (schema first, as a rolling deploy)', async () => {
    const before = await countMigrations(database.url);
    await runMigrations(database.url);
    return `${(await countMigrations(database.url)) - before} new migration(s)`;
  });

  browser = await launchChromium();

  // (b) The old build on the new schema.
  const oldPort = Number(process.env.COMPAT_OLD_PORT) || (await freePort());
  const oldOrigin = `http://127.0.0.1:${oldPort}`;
  await step('old build: start (web server + worker) on the new schema', async () => {
    app = startApp(prevDir, oldPort, database.url);
    await waitReady(oldOrigin, app);
  });
  const old = await smokeJourney('old', oldOrigin, prevDir, demo, catalogs(prevDir));
  await step('old build: stop', () => stopApp(app));

  // (c) The new build on the data the old one wrote.
  if (!existsSync(path.join(repo, '.next', 'BUILD_ID'))) await step('build the new release (no .next yet)', () => node([path.join('node_modules', 'next', 'dist', 'bin', 'next'), 'build']).then(() => undefined));
  const newPort = Number(process.env.COMPAT_NEW_PORT) || (await freePort());
  const newOrigin = `http://127.0.0.1:${newPort}`;
  await step('new build: start (web server + worker) on the old data', async () => {
    app = startApp(repo, newPort, database.url);
    await waitReady(newOrigin, app);
  });
  await smokeJourney('new', newOrigin, repo, demo, catalogs(repo));
  await step('new build: reads back the order and parcel the old build wrote, with the key the old build minted', async () => {
    const withOldKey = (method, route) => fetch(`${newOrigin}/api/v1${route}`, { method, headers: { authorization: `Bearer ${old.key}` } });
    const back = await readOrder(withOldKey, old.written);
    if (!back.ok) throw new Error(`${old.written.orderNumber}: ${back.detail}`);
    return old.written.orderNumber;
  });
  await step('new build: stop', () => stopApp(app));
} catch (error) {
  if (error !== PREPARED && !failures.length) failures.push(error instanceof Error ? error.stack : String(error));
} finally {
  await stopApp(app).catch(() => {});
  await browser?.close().catch(() => {});
  if (ownDatabase) await admin.unsafe(`drop database if exists ${ownDatabase} with (force)`).catch(() => {});
  await admin?.end({ timeout: 5 }).catch(() => {});
  await database?.stop().catch(() => {});
  if (worktreeAdded) await git('worktree', 'remove', '--force', prevDir).catch((e) => console.error(`could not remove the worktree ${prevDir}: ${e.message}`));
  rmSync(work, { recursive: true, force: true });
}

async function countMigrations(url) {
  const client = postgres(url, { max: 1, onnotice: () => {} });
  try {
    const [{ n }] = await client`select count(*)::int as n from drizzle.__drizzle_migrations`;
    return n;
  } finally {
    await client.end({ timeout: 5 });
  }
}

const width = Math.max(...rows.map((r) => r.name.length));
console.log(`\n${'step'.padEnd(width)}  ${'ms'.padStart(7)}  result`);
for (const r of rows) console.log(`${r.name.padEnd(width)}  ${String(r.ms).padStart(7)}  ${r.ok ? 'ok' : 'FAILED'}${r.detail ? `  ${r.detail.split('\n')[0].slice(0, 160)}` : ''}`);
console.log(`${'total wall time'.padEnd(width)}  ${String(Date.now() - started).padStart(7)}`);
if (failures.length) {
  console.error(`\ncompat: FAILED — the previous release and this one cannot share the database:\n  ${failures.join('\n  ')}`);
  process.exit(1);
}
console.log(prepareOnly ? `\ncompat: the previous release is built in ${prevDir}.` : '\ncompat: the previous release runs on the new schema, and this release on the old data.');
process.exit(0);
