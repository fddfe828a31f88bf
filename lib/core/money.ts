import { numberFormat } from './formatters';
import { type Locale, localeTags } from './locales';

/**
 * Minor units (cents) as the reader's language writes money: `formatMoney('fi', 1250, 'EUR')` → "12,50 €".
 * The one money format of pages and emails; one Intl formatter per language and currency per process.
 */
export function formatMoney(locale: Locale, minor: number, currency: string): string {
  return numberFormat(localeTags[locale], { style: 'currency', currency }).format(minor / 100);
}

/**
 * Minor units → the plain decimal that payment files and platform APIs carry: 1234 → `12.34`, 5 → `0.05`
 * (the SEPA file's amounts, Shopify's `MoneyInput`). Every currency is kept in hundredths.
 */
export function decimalAmount(minor: number): string {
  if (!Number.isSafeInteger(minor) || minor < 0) throw new Error(`Not an amount in minor units: ${minor}`);
  return `${Math.floor(minor / 100)}.${String(minor % 100).padStart(2, '0')}`;
}
