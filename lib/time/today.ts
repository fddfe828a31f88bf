/** Where the shop is when its settings name no time zone. */
export const DEFAULT_SHOP_TIME_ZONE = 'Europe/Helsinki';

/** Today's calendar date ('YYYY-MM-DD') in a time zone: the shop's day, not the server's. */
export function todayIn(timeZone: string, now = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}
