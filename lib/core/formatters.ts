/**
 * Intl formatters, built once per process for each locale and options. Building one costs far more than
 * using it (an ICU lookup and object setup; tens of microseconds each), and pages format many items.
 * They hold no personal data: only a locale, a time zone and display options.
 */
const dateTimeFormats = new Map<string, Intl.DateTimeFormat>();
const numberFormats = new Map<string, Intl.NumberFormat>();
const MAX = 500; // locales × currencies × time zones in use stay far below this; a bound against odd input

function memo<T>(store: Map<string, T>, key: string, build: () => T): T {
  let value = store.get(key);
  if (!value) {
    if (store.size >= MAX) store.clear();
    value = build();
    store.set(key, value);
  }
  return value;
}

export function dateTimeFormat(locale: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  return memo(dateTimeFormats, `${locale}|${JSON.stringify(options)}`, () => new Intl.DateTimeFormat(locale, options));
}

export function numberFormat(locale: string, options: Intl.NumberFormatOptions): Intl.NumberFormat {
  return memo(numberFormats, `${locale}|${JSON.stringify(options)}`, () => new Intl.NumberFormat(locale, options));
}
