/** next-intl's request config: app glue (it reads the shop settings), so it sits outside lib/i18n and lib/i18n stays a low layer (issue #13). */
import { hasLocale } from 'next-intl';
import { getRequestConfig } from 'next-intl/server';
import { getShopSettings } from '@/lib/settings/shop';
import { loadMessages } from '@/lib/i18n/messages';
import { sharedMessageFormatCache } from '@/lib/i18n/message-format-cache';
import { routing } from '@/lib/i18n/routing';

export default getRequestConfig(async ({ requestLocale }) => {
  const requested = await requestLocale;
  const locale = hasLocale(routing.locales, requested) ? requested : routing.defaultLocale;
  const [messages, shop] = await Promise.all([loadMessages(locale), getShopSettings()]);
  return {
    locale,
    messages,
    // Dates a customer sees are in the shop's time zone (one source: the shop settings).
    timeZone: shop.timeZone,
    now: new Date(),
    // next-intl hands the config's `_cache` to every translator it creates: the parsed messages then outlive the request.
    _cache: sharedMessageFormatCache,
  };
});
