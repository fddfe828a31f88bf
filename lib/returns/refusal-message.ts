import { formatMoney } from '@/lib/core/money';
import { type Locale } from '@/lib/core/locales';
import { formatDate } from '@/lib/i18n/format';
import type { Refusal } from './policy';

/** A translator bound to the `returns` namespace (server `getTranslations` or client `useTranslations`). */
export type ReturnsTranslate = (key: `refusal.${Refusal['code']}`, values?: Record<string, string | number>) => string;

/** 'YYYY-MM-DD' as the customer reads it ("12 March 2026", "12. maaliskuuta 2026"). */
export function longDate(locale: Locale, ymd: string): string {
  return formatDate(locale, ymd);
}

export { formatMoney };

/** The sentence for a "no": dates and amounts formatted for the customer's language. */
export function refusalMessage(t: ReturnsTranslate, refusal: Refusal, options: { locale: Locale; currency?: string }): string {
  const values: Record<string, string | number> = { ...refusal.values };
  if (typeof values.date === 'string') values.date = longDate(options.locale, values.date);
  if (typeof values.credit === 'number') values.credit = formatMoney(options.locale, values.credit, options.currency ?? 'EUR');
  if (typeof values.amount === 'number') values.amount = formatMoney(options.locale, values.amount, options.currency ?? 'EUR');
  return t(`refusal.${refusal.code}`, values);
}
