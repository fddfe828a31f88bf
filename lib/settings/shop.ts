import 'server-only';
import { eq } from 'drizzle-orm';
import { cache } from 'react';
import { z } from 'zod';
import { getDb } from '@/db';
import { settings } from '@/db/schema';
import { DEFAULT_SHOP_TIME_ZONE } from '@/lib/time/today';

export const shopSettingsSchema = z.object({
  name: z.string().default('Paluu'),
  timeZone: z.string().default(DEFAULT_SHOP_TIME_ZONE),
  country: z.string().length(2).default('FI'),
  currency: z.string().length(3).default('EUR'),
  supportEmail: z.string().nullable().default(null),
  accentColor: z.string().regex(/^#[0-9a-fA-F]{6}$/).default('#1f5f4a'),
});
export type ShopSettings = z.infer<typeof shopSettingsSchema>;

/** Branding and locale facts of the shop, read once per request. */
export const getShopSettings = cache(async (): Promise<ShopSettings> => {
  const [row] = await getDb().select({ value: settings.value }).from(settings).where(eq(settings.key, 'shop'));
  const parsed = shopSettingsSchema.safeParse(row?.value ?? {});
  return parsed.success ? parsed.data : shopSettingsSchema.parse({});
});
