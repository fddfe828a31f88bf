// npm run delays -- sweep [--at ISO]   one delay sweep now: prints what it opened and closed per kind
// npm run delays -- send               queues the notices of open incidents whose kind is sent automatically
// npm run delays -- escalate [--at ISO] escalates incidents open too long (delivery_issue cases, carrier investigations)
// npm run delays -- run [--at ISO]     the worker's whole cycle once: sweep → send → escalate
// Attaches to DATABASE_URL or the running embedded database (EMBEDDED_PG_DIR / EMBEDDED_PG_PORT), like db:seed.
import { parseArgs } from 'node:util';
import { createDb } from '../db/index.ts';
import { runMigrations } from '../db/migrate.ts';
import { escalateIncidents } from '../lib/delays/escalate-incidents.ts';
import { formatCounts, runDelayCycle, sendPendingNotices, syncNoticeStatuses } from '../lib/delays/run-delay-cycle.ts';
import { DELAY_KINDS } from '../lib/delays/settings.ts';
import { sweepDelays } from '../lib/delays/sweep-delays.ts';
import { resolveDatabase } from './lib/embedded-db.mjs';

const usage = `Usage:
  npm run delays -- sweep [--at 2026-12-29T10:00:00Z]
  npm run delays -- send
  npm run delays -- escalate [--at ISO]
  npm run delays -- run [--at ISO]`;

const [command, ...rest] = process.argv.slice(2);
let values;
try {
  ({ values } = parseArgs({ args: rest, options: { at: { type: 'string' } } }));
} catch (error) {
  console.error(`${error.message}\n\n${usage}`);
  process.exit(2);
}
if (!['sweep', 'send', 'escalate', 'run'].includes(command ?? '')) {
  console.error(usage);
  process.exit(2);
}
const now = values.at ? new Date(values.at) : new Date();
if (Number.isNaN(now.getTime())) {
  console.error(`--at: not a date: ${values.at}\n\n${usage}`);
  process.exit(2);
}

function printSweep(result, seconds) {
  console.log(`Delay sweep at ${now.toISOString()} (${seconds.toFixed(2)} s)`);
  console.log(`  ${'kind'.padEnd(20)} ${'opened'.padStart(7)} ${'closed'.padStart(7)}`);
  for (const kind of DELAY_KINDS) console.log(`  ${kind.padEnd(20)} ${String(result.opened[kind]).padStart(7)} ${String(result.closed[kind]).padStart(7)}`);
  const total = (counts) => Object.values(counts).reduce((a, b) => a + b, 0);
  console.log(`  ${'total'.padEnd(20)} ${String(total(result.opened)).padStart(7)} ${String(total(result.closed)).padStart(7)}`);
}

const target = await resolveDatabase({ log: () => {} });
const db = createDb(target.url, { max: 2 });
let exitCode = 0;
try {
  await runMigrations(target.url);
  const started = performance.now();
  if (command === 'sweep') {
    printSweep(await sweepDelays(db, now), (performance.now() - started) / 1000);
  } else if (command === 'send') {
    const r = await sendPendingNotices(db);
    const synced = await syncNoticeStatuses(db);
    console.log(`Notices: ${r.queued} queued, ${r.skipped} skipped; ${synced} marked sent/failed from the outbox.`);
  } else if (command === 'escalate') {
    const r = await escalateIncidents(db, now);
    console.log(`Escalated ${r.escalated} incidents: ${r.casesOpened} new delivery_issue cases, ${r.investigations} carrier investigations.`);
  } else {
    const r = await runDelayCycle(db, now);
    printSweep(r.sweep, (performance.now() - started) / 1000);
    console.log(`Notices: ${r.notices.queued} queued (${r.synced} marked sent). Escalated ${r.escalation.escalated} (${r.escalation.casesOpened} new cases, ${r.escalation.investigations} carrier investigations).`);
    console.log(`Opened: ${formatCounts(r.sweep.opened)}. Closed: ${formatCounts(r.sweep.closed)}.`);
  }
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  exitCode = 1;
} finally {
  await db.$end();
  await target.release();
}
process.exit(exitCode);
