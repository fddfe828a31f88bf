/** Where the shop is when its settings name no time zone. */
export const DEFAULT_SHOP_TIME_ZONE = 'Europe/Helsinki';

/** Today's calendar date ('YYYY-MM-DD') in a time zone: the shop's day, not the server's. */
export function todayIn(timeZone: string, now = new Date()): string {
  return dayFormatter(timeZone).format(now);
}

// Building an Intl formatter costs far more than using one: keep one per time zone.
const dayFormatters = new Map<string, Intl.DateTimeFormat>();
function dayFormatter(timeZone: string): Intl.DateTimeFormat {
  let formatter = dayFormatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    if (dayFormatters.size < 50) dayFormatters.set(timeZone, formatter);
  }
  return formatter;
}
