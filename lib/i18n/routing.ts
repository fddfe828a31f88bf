import { defineRouting } from 'next-intl/routing';
import { defaultLocale, locales } from './locales';

export const routing = defineRouting({
  locales,
  defaultLocale,
  // Every customer URL carries its language; `/` negotiates from Accept-Language.
  localePrefix: 'always',
  localeCookie: false,
});
