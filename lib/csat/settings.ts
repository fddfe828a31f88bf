import { eq } from 'drizzle-orm';
import { z } from 'zod';
import type { DbOrTx } from '@/db';
import { settings } from '@/db/schema';

/** Shop setting `csat`: satisfaction surveys after a resolved case (on unless the shop turns them off). */
export const csatSettingsSchema = z.object({ enabled: z.boolean().default(true) });

export async function csatEnabled(db: DbOrTx): Promise<boolean> {
  const [row] = await db.select({ value: settings.value }).from(settings).where(eq(settings.key, 'csat'));
  const parsed = csatSettingsSchema.safeParse(row?.value ?? {});
  return parsed.success ? parsed.data.enabled : true;
}
