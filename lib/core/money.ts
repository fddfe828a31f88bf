import { type Locale, localeTags } from './locales';

const formats = new Map<string, Intl.NumberFormat>();

/**
 * Minor units (cents) as the reader's language writes money: `formatMoney('fi', 1250, 'EUR')` → "12,50 €".
 * The one money format of pages and emails; one Intl formatter per language and currency per process.
 */
export function formatMoney(locale: Locale, minor: number, currency: string): string {
  const key = `${locale}:${currency}`;
  let format = formats.get(key);
  if (!format) formats.set(key, (format = new Intl.NumberFormat(localeTags[locale], { style: 'currency', currency })));
  return format.format(minor / 100);
}
