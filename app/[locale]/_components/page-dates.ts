import { getLocale, getTimeZone } from 'next-intl/server';
import type { Dates } from './dates';

/** In server components: the request's locale and the shop's time zone, as next-intl has them. */
export async function getPageDates(): Promise<Dates> {
  const [locale, timeZone] = await Promise.all([getLocale(), getTimeZone()]);
  return { locale, timeZone };
}
