import { LOCALES } from './enums';

/** Customer languages (the database enum `locale`); fi, sv and en are complete, da and nb are complete for every shipped page. */
export const locales = LOCALES;
export type Locale = (typeof locales)[number];
export const defaultLocale: Locale = 'fi';

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (locales as readonly string[]).includes(value);
}

/** BCP 47 tags for Intl formatting and <html lang>. */
export const localeTags: Record<Locale, string> = { fi: 'fi-FI', sv: 'sv-FI', en: 'en-GB', da: 'da-DK', nb: 'nb-NO' };

export const localeNames: Record<Locale, string> = { fi: 'Suomi', sv: 'Svenska', en: 'English', da: 'Dansk', nb: 'Norsk' };

/** The `[locale]` route segment as a Locale (the customer layout answers 404 to others). */
export function toLocale(value: string): Locale {
  return isLocale(value) ? value : defaultLocale;
}
