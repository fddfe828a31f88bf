// npm run privacy -- purge
// Applies the retention periods (settings key `retention`) now, in DATABASE_URL or the embedded
// database, and prints what was removed or pseudonymized per data type. The worker does the same daily.
import { createDb } from '../db/index.ts';
import { runMigrations } from '../db/migrate.ts';
import { purgeExpiredData } from '../lib/privacy/purge.ts';
import { readRetentionSettings } from '../lib/privacy/retention.ts';
import { resolveDatabase } from './lib/embedded-db.mjs';

const [command] = process.argv.slice(2);
if (command !== 'purge') {
  if (command) console.error(`Error: unknown command "${command}"\n`);
  console.error('Usage: npm run privacy -- purge');
  process.exit(command ? 1 : 0);
}

const target = await resolveDatabase();
const db = createDb(target.url, { max: 2 });
try {
  await runMigrations(target.url);
  const retention = await readRetentionSettings(db);
  console.log('Retention periods:', Object.entries(retention).map(([k, v]) => `${k}=${v}`).join(' '));
  const started = performance.now();
  const counts = await purgeExpiredData(db, { settings: retention });
  for (const [kind, n] of Object.entries(counts)) console.log(`${kind.padEnd(16)} ${n}`);
  console.log(`Done in ${Math.round(performance.now() - started)} ms (audited as privacy.purged).`);
} finally {
  await db.$end();
  await target.release();
}
