// node --conditions=react-server --import tsx scripts/bench/ab-builds.mjs <dirA> <dirB> — which of two checkouts
// renders the pages faster, each with its own production build (`npm run build` in each first; a second checkout
// is `git worktree add <dir> <commit>` plus a `node_modules` symlink). Starts one web server from each
// (scripts/server.mjs, page cache off) on one fresh embedded database with the demo shop, signs in on each like
// a person (the lookup form, the staff sign-in form), then per page alternates 3 s bursts at 20 connections
// A, B, B, A, … so both share the machine's moments (scripts/bench/ab.mjs does the bursts for two servers
// you start yourself). AB_PAGES (order,lookup,queue,case,return), AB_ROUNDS (8). Prints req/s and B/A per page;
// asserts nothing. A against itself gives 1.00 ± 0.03 on the 2-core machine.
import autocannon from 'autocannon';
import { fork } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { startDatabase, submitForm } from './stack.mjs';

const [dirA, dirB] = process.argv.slice(2).map((dir) => path.resolve(dir));
if (!dirA || !dirB) {
  console.error('usage: node --conditions=react-server --import tsx scripts/bench/ab-builds.mjs <dirA> <dirB>');
  process.exit(2);
}
for (const dir of [dirA, dirB]) if (!existsSync(path.join(dir, '.next/BUILD_ID'))) throw new Error(`${dir} has no production build: npm run build there first`);
const ROUNDS = Number(process.env.AB_ROUNDS ?? 8);
const SECONDS = 3;
const CONNECTIONS = 20;

const { database, db, demo } = await startDatabase();
const servers = [];
function startServer(dir, port) {
  const child = fork('scripts/server.mjs', [], {
    cwd: dir,
    env: { ...process.env, DATABASE_URL: database.url, PORT: String(port), NODE_ENV: 'production', PAGE_CACHE_ORDERS: '0' },
    stdio: 'ignore',
  });
  servers.push(child);
  return new Promise((resolve) => child.on('message', (m) => m?.type === 'listening' && resolve(`http://127.0.0.1:${port}`)));
}
async function cleanup() {
  for (const child of servers) if (child.exitCode === null) child.kill('SIGTERM');
  await Promise.all(servers.map((child) => (child.exitCode === null ? new Promise((resolve) => child.once('exit', resolve)) : null)));
  await db.$client.end();
  await database.stop();
}

try {
  const A = await startServer(dirA, 3301);
  const B = await startServer(dirB, 3302);
  const sample = demo.sampleOrders[0];
  const [returned] = await db.execute(
    sql`select r.rma_number, o.order_number, o.email from returns r join orders o on o.id = r.order_id order by r.created_at desc limit 1`,
  );
  const [caseRow] = await db.execute(sql`select id from cases where status <> 'closed' order by created_at limit 1`);
  const agentLogin = demo.staff.find((s) => s.role === 'agent');
  const cookies = {};
  for (const [name, base, n] of [['A', A, 1], ['B', B, 2]]) {
    cookies[name] = {
      customer: (await submitForm(base, '/en', { orderNumber: sample.orderNumber, contact: sample.email }, { ip: `10.9.${n}.1` })).cookie,
      returner: (await submitForm(base, '/en', { orderNumber: returned.order_number, contact: returned.email }, { ip: `10.9.${n}.2` })).cookie,
      agent: (await submitForm(base, '/staff/login', { email: agentLogin.email, password: agentLogin.password }, { ip: `10.9.${n}.3` })).cookie,
    };
  }
  const pages = {
    order: [`/en/orders/${encodeURIComponent(sample.orderNumber)}`, 'customer'],
    lookup: ['/en', 'customer'], // with a cookie: rendered, never from the page cache
    queue: ['/staff', 'agent'],
    case: [`/staff/cases/${caseRow.id}`, 'agent'],
    return: [`/en/returns/${encodeURIComponent(returned.rma_number)}`, 'returner'],
  };
  const chosen = (process.env.AB_PAGES ?? Object.keys(pages).join(',')).split(',');
  console.log(`ab-builds — ${new Date().toISOString()} — A ${dirA}, B ${dirB}, ${ROUNDS} rounds of ${SECONDS} s at ${CONNECTIONS} connections`);
  for (const page of chosen) {
    if (!pages[page]) throw new Error(`unknown page ${page}: ${Object.keys(pages).join(', ')}`);
    const [pagePath, who] = pages[page];
    const target = (name) => ({ url: (name === 'A' ? A : B) + pagePath, headers: { cookie: cookies[name][who] } });
    for (const name of ['A', 'B']) {
      const { url, headers } = target(name);
      const check = await fetch(url, { headers, redirect: 'manual' });
      if (check.status !== 200) throw new Error(`${name} ${page} answered ${check.status}`);
      await autocannon({ url, headers, connections: 4, amount: 100 }); // warm-up: JIT, route compilation
    }
    const totals = { A: 0, B: 0 };
    for (let round = 0; round < ROUNDS; round++) {
      for (const name of round % 2 ? ['B', 'A'] : ['A', 'B']) {
        const result = await autocannon({ ...target(name), connections: CONNECTIONS, duration: SECONDS });
        if (result.non2xx || result.errors || result.timeouts) console.error(`${name} ${page}: ${result.non2xx} non-2xx, ${result.errors} errors, ${result.timeouts} timeouts`);
        totals[name] += result.requests.total;
      }
    }
    const rate = (name) => (totals[name] / ROUNDS / SECONDS).toFixed(1);
    console.log(`${page.padEnd(7)} A ${rate('A').padStart(6)} req/s   B ${rate('B').padStart(6)} req/s   B/A ${(totals.B / totals.A).toFixed(3)}`);
  }
} finally {
  await cleanup();
}
process.exit(0);
