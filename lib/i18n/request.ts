import { hasLocale } from 'next-intl';
import { getRequestConfig } from 'next-intl/server';
import { loadMessages } from './messages';
import { routing } from './routing';

export const SHOP_TIME_ZONE = process.env.SHOP_TIME_ZONE ?? 'Europe/Helsinki';

export default getRequestConfig(async ({ requestLocale }) => {
  const requested = await requestLocale;
  const locale = hasLocale(routing.locales, requested) ? requested : routing.defaultLocale;
  return {
    locale,
    messages: await loadMessages(locale),
    // Dates a customer sees are in the shop's time zone.
    timeZone: SHOP_TIME_ZONE,
    now: new Date(),
  };
});
