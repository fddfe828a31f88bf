import 'server-only';
import { getStaffSession } from '@/lib/auth/staff-session';
import type { Locale } from '@/lib/i18n/locales';

/** The staff member's own language; before login English. */
export async function staffLocale(): Promise<Locale> {
  const session = await getStaffSession();
  return session?.user.locale ?? 'en';
}
