import 'server-only';
import { randomBytes } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { Db } from '@/db';
import { settings } from '@/db/schema';

let cached: Buffer | undefined;

/**
 * The key that signs customer access cookies: APP_SECRET when set, otherwise one generated
 * once and kept in the database, so every app instance shares it without extra setup.
 */
export async function getAppSecret(db: Db): Promise<Buffer> {
  if (cached) return cached;
  if (process.env.APP_SECRET) {
    if (process.env.APP_SECRET.length < 32) throw new Error('APP_SECRET must be at least 32 characters.');
    cached = Buffer.from(process.env.APP_SECRET);
    return cached;
  }
  await db
    .insert(settings)
    .values({ key: 'app_secret', value: randomBytes(32).toString('base64url') })
    .onConflictDoNothing();
  const [row] = await db.select({ value: settings.value }).from(settings).where(eq(settings.key, 'app_secret'));
  cached = Buffer.from(String(row?.value));
  return cached;
}
