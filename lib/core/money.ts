import { numberFormat } from './formatters';
import { type Locale, localeTags } from './locales';

/**
 * Minor units (cents) as the reader's language writes money: `formatMoney('fi', 1250, 'EUR')` → "12,50 €".
 * The one money format of pages and emails; one Intl formatter per language and currency per process.
 */
export function formatMoney(locale: Locale, minor: number, currency: string): string {
  return numberFormat(localeTags[locale], { style: 'currency', currency }).format(minor / 100);
}
