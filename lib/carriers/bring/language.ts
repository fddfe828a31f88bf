import type { Locale } from '@/lib/core/locales';

/**
 * Bring Tracking API v2 `lang`: Bring writes its event texts in Norwegian (`no`), Swedish (`sv`), Danish (`da`)
 * and English (`en`) (developer.bring.com/api/tracking; the values are as Bring's tracking site offers them and
 * were not re-checked against a stored copy of the OpenAPI in this change). Finnish has no Bring text: English.
 */
const BRING_LANG: Record<Locale, string> = { fi: 'en', sv: 'sv', en: 'en', da: 'da', nb: 'no' };

export function bringTrackingLanguage(locale: string | null | undefined): string {
  return (locale && BRING_LANG[locale as Locale]) || 'en';
}
