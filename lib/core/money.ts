import { type Locale, localeTags } from './locales';

/** Minor units (cents) as the reader's language writes money: `formatMoney('fi', 1250, 'EUR')` → "12,50 €". */
export function formatMoney(locale: Locale, minor: number, currency: string): string {
  return new Intl.NumberFormat(localeTags[locale], { style: 'currency', currency }).format(minor / 100);
}
