// npm run simulate — keeps the demo shop alive: advances active parcels with carrier-format events
// (Posti codes in Finnish, PostNord in Swedish, Bring/Budbee/DHL in English, failed attempts, delays,
// pickup-point arrivals) through webhook_inbox and the same processing as real carrier data.
// Attaches to the running embedded database (like db:seed) or DATABASE_URL.
//   --once        one step, then exit
//   --steps=N     N steps, then exit
//   --interval=S  seconds between steps when running continuously (default 20)
//   --webhook[=URL]  POST Bring and DHL events to the running app's carrier webhook (default APP_URL or
//                 http://localhost:3000) with the secret from the carrier settings, as the carriers would
// Continuously, about a third of the parcels move per step so the demo stays alive for a while;
// with --once/--steps every parcel that can move does.
import { createDb } from '../db/index.ts';
import { runMigrations } from '../db/migrate.ts';
import { simulateStep } from '../lib/carrier-inbox/simulate.ts';
import { resolveDatabase } from './lib/embedded-db.mjs';

const args = process.argv.slice(2);
const flag = (name) => args.find((a) => a === `--${name}` || a.startsWith(`--${name}=`));
const value = (name, fallback) => {
  const f = flag(name);
  if (!f) return fallback;
  const i = args.indexOf(f);
  const v = f.includes('=') ? f.split('=')[1] : args[i + 1];
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) {
    console.error(`--${name} needs a positive whole number`);
    process.exit(2);
  }
  return n;
};
const steps = flag('once') ? 1 : value('steps', Infinity);
const interval = value('interval', 20);
const webhookFlag = flag('webhook');
const webhookUrl = webhookFlag ? (webhookFlag.includes('=') ? webhookFlag.split('=').slice(1).join('=') : (process.env.APP_URL ?? 'http://localhost:3000')) : undefined;

const target = await resolveDatabase();
await runMigrations(target.url);
const db = createDb(target.url, { max: 2 });
let stopping = false;
process.on('SIGINT', () => (stopping = true));
process.on('SIGTERM', () => (stopping = true));

try {
  for (let step = 1; step <= steps && !stopping; step += 1) {
    const continuous = steps === Infinity;
    const { moves, duplicates } = await simulateStep(db, { webhookUrl, ...(continuous ? { moveShare: 0.35, tick: `${Date.now()}` } : {}) });
    const stamp = new Date().toISOString().slice(11, 19);
    console.log(`[${stamp}] step ${step}: ${moves.length} parcels moved${duplicates ? `, ${duplicates} already sent` : ''}`);
    for (const m of moves) console.log(`  ${m.orderNumber.padEnd(12)} ${m.carrier.padEnd(11)} ${m.trackingNumber.padEnd(22)} ${m.from} → ${m.step}  [${m.code}] ${m.text}${m.via === 'webhook' ? '  (via webhook)' : ''}`);
    if (moves.length === 0 && steps === Infinity) console.log('  (nothing left to move: every parcel is delivered, returned or waiting to be picked up)');
    if (step < steps && !stopping) await new Promise((resolve) => setTimeout(resolve, steps === Infinity ? interval * 1000 : 200));
  }
} finally {
  await db.$end();
  await target.release();
}
