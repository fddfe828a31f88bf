// npm start: database (DATABASE_URL, or the embedded one in .data/pg) → migrations → demo shop
// → build when none exists → Next.js and the worker. Both are supervised (scripts/lib/supervisor.mjs):
// one that crashes is started again with a backoff and nothing else stops. Ctrl-C or SIGTERM stops all.
import { fork, spawn } from 'node:child_process';
import cluster from 'node:cluster';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { runMigrations } from '../db/migrate.ts';
import { resolveDatabase } from './lib/embedded-db.mjs';
import { appOrigin } from '../lib/core/url.ts';
import { exitWhenOrphaned } from './lib/orphan.mjs';
import { serveClusterMetrics } from './lib/cluster-metrics.mjs';
import { supervise } from './lib/supervisor.mjs';
import { webConcurrency } from './lib/web-concurrency.mjs';

const args = process.argv.slice(2);
const dev = args.includes('--dev');
const portArg = args.find((a) => a.startsWith('--port='))?.split('=')[1];
const port = Number(portArg ?? process.env.PORT ?? 3000);
const withWorker = !args.includes('--no-worker');
process.env.NEXT_TELEMETRY_DISABLED = '1';

const t0 = Date.now();
const log = (message) => console.log(`[paluu] ${message}`);
const children = new Set();
const supervised = [];
let database;
let stopping = false;

async function shutdown(reason, code = 0) {
  if (stopping) return;
  stopping = true;
  log(`Stopping (${reason}) …`);
  await Promise.all(supervised.map((s) => s.stop()));
  await Promise.all(
    [...children].map(
      (child) =>
        new Promise((resolve) => {
          if (child.exitCode !== null || child.signalCode !== null) return resolve();
          const timer = setTimeout(() => child.kill('SIGKILL'), 8000);
          child.once('exit', () => {
            clearTimeout(timer);
            resolve();
          });
          child.kill('SIGTERM');
        }),
    ),
  );
  if (database?.started) {
    await database.release().catch((error) => console.error(error));
    log('PostgreSQL stopped.');
  }
  process.exit(code);
}
process.on('SIGINT', () => shutdown('SIGINT'));
process.on('SIGTERM', () => shutdown('SIGTERM'));
exitWhenOrphaned(() => shutdown('parent exited'));

function run(command, commandArgs, options = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, commandArgs, { stdio: 'inherit', ...options });
    children.add(child);
    child.on('exit', (code) => {
      children.delete(child);
      if (code === 0) resolve();
      else reject(new Error(`${command} ${commandArgs.join(' ')} exited with ${code}`));
    });
  });
}

try {
  database = await resolveDatabase({ log });
  const env = { ...process.env, DATABASE_URL: database.url, PORT: String(port) };
  log(database.embedded ? `Embedded PostgreSQL ${database.started ? 'started' : 'already running'} (.data/pg).` : 'Using DATABASE_URL.');

  await runMigrations(database.url);
  log('Database migrated.');

  let demo;
  let DEMO_ADMIN_TOTP_SECRET = '';
  if (database.embedded || args.includes('--demo')) {
    const { createDb } = await import('../db/index.ts');
    const seedModule = await import('../db/seed.ts');
    const { seedDemoShop } = seedModule;
    DEMO_ADMIN_TOTP_SECRET = seedModule.DEMO_ADMIN_TOTP_SECRET;
    const db = createDb(database.url, { max: 2 });
    try {
      demo = await seedDemoShop(db);
    } finally {
      await db.$end();
    }
  }

  if (!dev && !existsSync(path.join('.next', 'BUILD_ID'))) {
    log('No build yet: building once (about 20 s) …');
    await run(process.execPath, [path.join('node_modules', 'next', 'dist', 'bin', 'next'), 'build'], { env });
  }

  // No tsx loader in the web server: Next.js compiles the app itself. It tells us (IPC) the port it listens on.
  // A larger young generation (64 MB semi-spaces instead of V8's 16 MB): rendering a page allocates a few MB
  // that die at once, and with the default the server spent about a tenth of its CPU in scavenges
  // (docs/performance.md). Costs at most ~150 MB more memory. WEB_SEMI_SPACE_MB=0 keeps V8's default.
  const semiSpaceMb = Number(process.env.WEB_SEMI_SPACE_MB ?? 64);
  const webExecArgv = !dev && semiSpaceMb > 0 ? [`--max-semi-space-size=${semiSpaceMb}`] : [];
  // One web server per core (WEB_CONCURRENCY, default: the cores this process may use): a page render is
  // CPU-bound JavaScript, and one Node.js process uses one core. They share the port through node:cluster
  // (the primary, this process, hands each new connection to the next server in turn). Each is supervised
  // on its own; everything they share lives in PostgreSQL (sessions, rate limits, the page cache's
  // invalidation), as for several machines (docs/deployment.md). In dev: one.
  const webCount = dev ? 1 : webConcurrency();
  const webEnv = { ...env, NODE_ENV: dev ? 'development' : 'production' };
  if (webCount > 1) {
    cluster.setupPrimary({ exec: 'scripts/server.mjs', args: [], execArgv: webExecArgv });
    serveClusterMetrics(cluster);
  }
  const startWeb = () => (webCount > 1 ? cluster.fork(webEnv).process : fork('scripts/server.mjs', dev ? ['--dev'] : [], { env: webEnv, execArgv: webExecArgv }));
  let firstListen;
  const listening = new Promise((resolve, reject) => (firstListen = { resolve, reject }));
  for (let i = 0; i < webCount; i++) {
    const name = webCount > 1 ? `Web server ${i + 1} of ${webCount}` : 'The web server';
    const web = supervise({
      name,
      log,
      start: startWeb,
      onStart: (child, { restarts }) => {
        child.on('message', (m) => {
          if (m?.type !== 'listening') return;
          log(restarts > 0 ? `${name} is back (pid ${child.pid}).` : `${name} listens on port ${m.port} (pid ${child.pid}).`);
          firstListen.resolve(m.port);
        });
        // A server that never came up (port taken, broken build) is not restarted: say why and stop.
        if (restarts === 0) child.once('exit', (code, signal) => firstListen.reject(new Error(`Next.js exited before it listened (${signal ?? `code ${code}`}).`)));
      },
    });
    supervised.push(web);
  }
  const listenPort = await listening;
  // Links in emails and API answers (lib/core/url.ts) use APP_URL, else the address really listened on.
  env.PORT = String(listenPort);
  const url = appOrigin(env);

  if (withWorker) {
    supervised.push(
      supervise({
        name: 'The worker',
        log,
        start: () => spawn(process.execPath, ['--import', 'tsx', 'scripts/worker.mjs'], { env, stdio: 'inherit' }),
        onStart: (child, { restarts }) => log(`${restarts > 0 ? 'The worker started again' : 'The worker started'} (pid ${child.pid}).`),
      }),
    );
  }

  const lines = [``, `  Paluu is running at ${url}   (ready in ${((Date.now() - t0) / 1000).toFixed(1)} s)`];
  if (demo) {
    lines.push(``, `  Demo shop: ${demo.shopName}`);
    for (const s of demo.staff) lines.push(`  Staff desk login (${s.role}): ${s.email} / ${s.password}`);
    lines.push(`  Staff desk at ${url}/staff — the demo admin's TOTP secret is ${DEMO_ADMIN_TOTP_SECRET} (add it to an authenticator app)`);
    lines.push(``, `  Look up an order at ${url}/fi, /sv or /en with the email (whole order) or the postal code (status only):`);
    for (const o of demo.sampleOrders) lines.push(`    ${o.orderNumber}  ${o.email}  (postal code ${o.postalCode}, ${o.locale}) — ${o.description}`);
    lines.push(`  "Email me a link" emails land in the staff desk's Outbox (${url}/staff/outbox) unless SMTP_URL is set.`);
  }
  if (!process.env.APP_URL) {
    lines.push(``, `  APP_URL is not set: links in emails and API answers point at ${url}.`, `  Set APP_URL to the public address (https://…) for a public deployment.`);
  }
  lines.push(``, `  Press Ctrl-C to stop.`, ``);
  console.log(lines.join('\n'));
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  await shutdown('error', 1);
}
