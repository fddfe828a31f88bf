/**
 * Retention periods per data type (settings key `retention`). No `server-only`: the worker's
 * daily purge reads it. Every period has a default; `parse({})` gives the defaults.
 */
import { eq } from 'drizzle-orm';
import type { DbOrTx } from '@/db';
import { settings } from '@/db/schema';
import { type RetentionSettings, retentionSettingsSchema } from './retention-schema';

export { RETENTION_KEYS, retentionSettingsSchema, type RetentionInput, type RetentionSettings } from './retention-schema';

export const RETENTION_SETTING_KEY = 'retention';

export async function readRetentionSettings(db: DbOrTx): Promise<RetentionSettings> {
  const [row] = await db.select({ value: settings.value }).from(settings).where(eq(settings.key, RETENTION_SETTING_KEY));
  const parsed = retentionSettingsSchema.safeParse(row?.value ?? {});
  return parsed.success ? parsed.data : retentionSettingsSchema.parse({});
}
