import { randomBytes } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { DbOrTx } from '@/db';
import { settings } from '@/db/schema';

/**
 * The key that signs customer access cookies: APP_SECRET when set, otherwise one generated once and
 * kept in the database, so every app instance shares it without extra setup. No `server-only`: the
 * app server's tracking-page cache (scripts/server.mjs) checks the same cookies before Next.js runs.
 */
export async function readAppSecret(db: DbOrTx): Promise<Buffer> {
  if (process.env.APP_SECRET) {
    if (process.env.APP_SECRET.length < 32) throw new Error('APP_SECRET must be at least 32 characters.');
    return Buffer.from(process.env.APP_SECRET);
  }
  await db
    .insert(settings)
    .values({ key: 'app_secret', value: randomBytes(32).toString('base64url') })
    .onConflictDoNothing();
  const [row] = await db.select({ value: settings.value }).from(settings).where(eq(settings.key, 'app_secret'));
  return Buffer.from(String(row?.value));
}
