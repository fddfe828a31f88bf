/** The shop logo's bytes (worker-safe, no sharp): labels, the logo route. */
import { eq } from 'drizzle-orm';
import type { DbOrTx } from '@/db';
import { settings } from '@/db/schema';

/** Settings key of the logo's PNG bytes (base64); the shop row only carries its version and size. */
export const LOGO_SETTING = 'brandLogo';

/** The logo's PNG bytes, or null when the shop has none. */
export async function readLogoPng(db: DbOrTx): Promise<{ png: Buffer; version: string } | null> {
  const [row] = await db.select({ value: settings.value }).from(settings).where(eq(settings.key, LOGO_SETTING));
  const value = row?.value as { png?: string; version?: string } | undefined;
  if (!value?.png || !value.version) return null;
  return { png: Buffer.from(value.png, 'base64'), version: value.version };
}
