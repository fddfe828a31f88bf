// npm run db:migrate — applies db/migrations to DATABASE_URL or the embedded database.
import { runMigrations } from '../db/migrate.ts';
import { resolveDatabase } from './lib/embedded-db.mjs';

const db = await resolveDatabase();
try {
  const started = Date.now();
  await runMigrations(db.url);
  console.log(`Migrations applied in ${Date.now() - started} ms.`);
} finally {
  await db.release();
}
