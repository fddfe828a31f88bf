// npm run carriers:unmapped — carrier event codes the adapters did not know, most frequent first,
// with the carrier's latest text: the work list for lib/carriers/codes.ts. `--days=N` limits to recent events.
import { createDb } from '../db/index.ts';
import { countUnmappedCodes } from '../lib/carriers/queries.ts';
import { resolveDatabase } from './lib/embedded-db.mjs';

const daysArg = process.argv.find((a) => a.startsWith('--days='));
const days = daysArg ? Number(daysArg.split('=')[1]) : undefined;
if (days !== undefined && !(Number.isInteger(days) && days > 0)) {
  console.error('--days needs a positive whole number');
  process.exit(2);
}
const target = await resolveDatabase();
const db = createDb(target.url, { max: 1 });
try {
  const rows = await countUnmappedCodes(db, days ? { since: new Date(Date.now() - days * 86_400_000) } : {});
  if (rows.length === 0) console.log('No unmapped carrier codes.');
  for (const r of rows) console.log(`${String(r.count).padStart(6)}  ${r.carrier.padEnd(11)} ${r.code.padEnd(24)} last ${r.lastSeenAt.toISOString().slice(0, 10)}  "${r.sampleText ?? ''}"`);
} finally {
  await db.$end();
  await target.release();
}
