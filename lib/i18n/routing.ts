import { defineRouting } from 'next-intl/routing';
import { defaultLocale, locales } from './locales';

export const routing = defineRouting({
  locales,
  defaultLocale,
  // Every customer URL carries its language; `/` negotiates from Accept-Language.
  localePrefix: 'always',
  localeCookie: false,
  // No hreflang `Link` header on every answer: customer pages are personal and never indexed (X-Robots-Tag
  // noindex), so search engines have no use for it, and building it cost the proxy work on every request.
  alternateLinks: false,
});
