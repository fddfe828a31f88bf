/**
 * The shop's settings row, read through any connection or transaction. No `server-only`: the worker
 * (milestone, survey and goodwill emails; delivery predictions) reads it too. Pages use `getShopSettings`.
 */
import { eq } from 'drizzle-orm';
import { z } from 'zod';
import type { DbOrTx } from '@/db';
import { settings } from '@/db/schema';
import { preparedQuery } from '@/db/prepared';
import { DEFAULT_SHOP_TIME_ZONE } from '@/lib/time/today';

export const shopAddressSchema = z.object({
  name: z.string().min(1),
  line1: z.string().min(1),
  line2: z.string().optional(),
  postalCode: z.string().min(1),
  city: z.string().min(1),
  country: z.string().length(2),
});
export type ShopAddress = z.infer<typeof shopAddressSchema>;

export const shopSettingsSchema = z.object({
  name: z.string().default('Paluu'),
  timeZone: z.string().default(DEFAULT_SHOP_TIME_ZONE),
  country: z.string().length(2).default('FI'),
  currency: z.string().length(3).default('EUR'),
  supportEmail: z.string().nullable().default(null),
  accentColor: z.string().regex(/^#[0-9a-fA-F]{6}$/).default('#1f5f4a'),
  /** Where return parcels go (return labels). Null: labels use the shop name and support email only. */
  returnAddress: shopAddressSchema.nullable().default(null),
  // Branding (staff settings → branding): support contact shown in emails and customer pages.
  supportPhone: z.string().nullable().default(null),
  supportUrl: z.string().nullable().default(null),
  /** The uploaded logo (bytes in settings key `brandLogo`); `version` is its content hash, for cache busting. */
  logo: z.object({ version: z.string(), width: z.number(), height: z.number() }).nullable().default(null),
});
export type ShopSettings = z.infer<typeof shopSettingsSchema>;

/** The shop settings as stored, read through any connection or transaction (use cases, tests). */
/** Every page reads it: prepared once (db/prepared.ts). */
const shopSettingsRow = preparedQuery((db) => db.select({ value: settings.value }).from(settings).where(eq(settings.key, 'shop')).prepare('shop_settings'));

export async function readShopSettings(db: DbOrTx): Promise<ShopSettings> {
  const [row] = await shopSettingsRow(db).execute();
  const parsed = shopSettingsSchema.safeParse(row?.value ?? {});
  return parsed.success ? parsed.data : shopSettingsSchema.parse({});
}

