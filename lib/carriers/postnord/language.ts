import type { Locale } from '@/lib/core/locales';

/**
 * PostNord Track & Trace `locale`: event texts in English, Swedish, Norwegian, Danish and Finnish
 * (`en`, `sv`, `no`, `da`, `fi`, as PostNord's developer portal lists them; not re-checked against a stored copy
 * in this change). Every order language has one; anything else falls back to English.
 */
const POSTNORD_LOCALE: Record<Locale, string> = { fi: 'fi', sv: 'sv', en: 'en', da: 'da', nb: 'no' };

export function postnordTrackingLocale(locale: string | null | undefined): string {
  return (locale && POSTNORD_LOCALE[locale as Locale]) || 'en';
}
