import { eq } from 'drizzle-orm';
import type { Db } from '@/db';
import { settings } from '@/db/schema';

/** The shop's support phone: the receiver's phone of carriers that require one (DHL Express). */
export const SHOP_SUPPORT_PHONE = '+358 9 4242 4242';

/** The return address every booking test books to (the booking's recipient). */
export const SHOP_RETURN_ADDRESS = { name: 'Kuusi & Koivu / Palautukset', line1: 'Åkerikatu 7', postalCode: '01510', city: 'Vantaa', country: 'FI' } as const;

/**
 * Gives the shop its return address, leaving its other fields as they are (others read the shop's name). Test
 * files share one database and run at once: every booking test writes this same value, so none of them finds
 * another file's address in the middle of its booking.
 */
export async function setShopReturnAddress(db: Db): Promise<void> {
  const [current] = await db.select({ value: settings.value }).from(settings).where(eq(settings.key, 'shop'));
  const stored = (current?.value ?? {}) as Record<string, unknown>;
  const value = { ...stored, supportEmail: stored.supportEmail ?? 'tuki@example.fi', supportPhone: stored.supportPhone ?? SHOP_SUPPORT_PHONE, returnAddress: { ...SHOP_RETURN_ADDRESS } };
  await db.insert(settings).values({ key: 'shop', value }).onConflictDoUpdate({ target: settings.key, set: { value } });
}
