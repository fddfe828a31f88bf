import { _createCache } from 'use-intl/core';

/**
 * The parsed ICU messages (intl-messageformat instances) of every page, one store per process. next-intl
 * keeps this cache per request (React `cache`), so each request parsed again every message it shows with
 * values: ~8 % of the order page's CPU. The store holds the catalogs' (and the shop's email templates')
 * message patterns keyed by pattern, locale and formats, never the values a page fills in: nothing personal.
 * Its size is bounded by the catalogs; the Intl formatter stores in it are left to next-intl's per-request cache.
 */
export const sharedMessageFormatCache = _createCache();
