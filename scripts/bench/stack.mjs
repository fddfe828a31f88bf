// Shared by the tracking benchmarks: the production build on its own embedded database, plus the
// requests a customer makes (a tracking link's cookie, a lookup form post).
import autocannon from 'autocannon';
import { fork, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { createDb } from '../../db/index.ts';
import { runMigrations } from '../../db/migrate.ts';
import { seedDemoShop } from '../../db/seed.ts';
import { mintTrackingLink } from '../../lib/tracking-links/mint-tracking-link.ts';
import { startEmbedded } from '../lib/embedded-db.mjs';

export const PORT = Number(process.env.BENCH_PORT ?? 3200);
export const DURATION = Number(process.env.BENCH_SECONDS ?? 10);
export const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
export const BASE = `http://127.0.0.1:${PORT}`;
process.env.NEXT_TELEMETRY_DISABLED = '1';

export async function startDatabase() {
  const database = await startEmbedded({ dataDir: path.resolve('.data/pg-bench'), port: Number(process.env.BENCH_PG_PORT ?? 54349), log: () => {} });
  await runMigrations(database.url);
  const db = createDb(database.url, { max: 4 });
  const demo = await seedDemoShop(db);
  return { database, db, demo };
}

export async function startServer(databaseUrl, extraArgs = [], extraEnv = {}) {
  if (!existsSync('.next/BUILD_ID')) {
    console.log('Building once …');
    spawnSync(process.execPath, ['node_modules/next/dist/bin/next', 'build'], { stdio: 'inherit' });
  }
  const server = fork('scripts/server.mjs', [], {
    env: { ...process.env, DATABASE_URL: databaseUrl, PORT: String(PORT), NODE_ENV: 'production', ...extraEnv },
    execArgv: extraArgs,
    stdio: 'ignore',
  });
  await new Promise((resolve) => server.on('message', (m) => m?.type === 'listening' && resolve()));
  return server;
}

export async function stopServer(server) {
  const exited = new Promise((resolve) => server.once('exit', resolve));
  server.kill('SIGTERM');
  await exited;
}

/** Opens a fresh tracking link like a customer would and returns the link-grant cookie it sets. */
export async function linkCookie(db, orderNumber) {
  const [row] = await db.execute(sql`select id from orders where order_number = ${orderNumber}`);
  const { token } = await mintTrackingLink(db, { orderId: row.id });
  const response = await fetch(`${BASE}/t/${token}`, { redirect: 'manual' });
  if (response.status !== 303) throw new Error(`/t/ answered ${response.status}`);
  const cookie = response.headers.get('set-cookie')?.split(';')[0];
  if (!cookie) throw new Error('no cookie from /t/');
  return { cookie, path: response.headers.get('location') };
}

/** The hidden fields of the first POST form on a page (a server action's form as a browser without JS posts it). */
export function formFields(html) {
  const form = /<form[^>]*method="POST"[^>]*>([\s\S]*?)<\/form>/.exec(html)?.[1] ?? '';
  return [...form.matchAll(/<input type="hidden" name="([^"]+)"(?: value="([^"]*)")?\/>/g)].map(([, name, value = '']) => [
    name,
    value.replaceAll('&quot;', '"').replaceAll('&amp;', '&'),
  ]);
}

/** Name/value pairs as a multipart/form-data body and its content type. */
export function multipart(fields) {
  const boundary = '----paluubench';
  const body = fields.map(([name, value]) => `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`).join('') + `--${boundary}--\r\n`;
  return { body, contentType: `multipart/form-data; boundary=${boundary}` };
}

/**
 * Fills a form page's server-action form at `base` like a person would (its hidden fields plus `fields`) and
 * returns the cookie the answer sets and where it sends the browser.
 */
export async function submitForm(base, pagePath, fields, { ip, cookie } = {}) {
  const html = await (await fetch(`${base}${pagePath}`, { headers: cookie ? { cookie } : {} })).text();
  const { body, contentType } = multipart([...formFields(html), ...Object.entries(fields)]);
  const headers = { 'content-type': contentType, 'x-forwarded-for': ip, origin: base, ...(cookie ? { cookie } : {}) };
  const response = await fetch(`${base}${pagePath}`, { method: 'POST', body, headers, redirect: 'manual' });
  if (response.status !== 303) throw new Error(`${pagePath} form answered ${response.status}`);
  const cookies = response.headers.getSetCookie().map((c) => c.split(';')[0]);
  if (cookies.length === 0) throw new Error(`${pagePath} form set no cookie`);
  return { cookie: cookies.join('; '), location: response.headers.get('location') };
}

/** The lookup form as a browser without JavaScript posts it (the server action's hidden fields included). */
export async function lookupRequest(locale, orderNumber, contact) {
  const html = await (await fetch(`${BASE}/${locale}`)).text();
  const { body, contentType } = multipart([...formFields(html), ['orderNumber', orderNumber], ['contact', contact]]);
  const headers = { 'content-type': contentType, 'x-forwarded-for': '10.9.9.9' };
  const check = await fetch(`${BASE}/${locale}`, { method: 'POST', body, headers, redirect: 'manual' });
  if (check.status !== 303) throw new Error(`lookup answered ${check.status}`);
  return { method: 'POST', body, headers };
}

/** One autocannon run after a short warm-up; returns the figures we print. */
export async function measure(name, url, options = {}, { connections = CONNECTIONS, duration = DURATION } = {}) {
  await autocannon({ url, connections: 4, duration: 2, ...options });
  const result = await autocannon({ url, connections, duration, ...options });
  return {
    target: name,
    'req/s': Math.round(result.requests.average),
    'p50 ms': result.latency.p50,
    'p99 ms': result.latency.p99,
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
  };
}
