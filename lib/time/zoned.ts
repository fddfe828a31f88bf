/**
 * Carrier timestamps come with an offset (Bring `+0000`, DHL `+02:00`) or as local wall-clock time
 * without one (Matkahuolto, Posti, PostNord). These helpers turn both into instants.
 */

/** Offset of `timeZone` from UTC at `instant`, in minutes (e.g. +120 for Helsinki in winter). */
const partsFormats = new Map<string, Intl.DateTimeFormat>();
const dateFormats = new Map<string, Intl.DateTimeFormat>();

export function zoneOffsetMinutes(instant: Date, timeZone: string): number {
  let format = partsFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' });
    partsFormats.set(timeZone, format);
  }
  const parts = format.formatToParts(instant);
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  const asUtc = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  return Math.round((asUtc - Math.floor(instant.getTime() / 1000) * 1000) / 60_000);
}

const LOCAL = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2}))?(?:\.\d+)?$/;
const WITH_ZONE = /(?:Z|[+-]\d{2}:?\d{2})$/i;

/** Wall-clock time in `timeZone` → instant (DST gaps resolve forward, like most carriers' systems). */
export function localToInstant(local: string, timeZone: string): Date | null {
  const m = LOCAL.exec(local.trim());
  if (!m) return null;
  const [year, month, day, hour, minute, second] = [m[1], m[2], m[3], m[4], m[5], m[6] ?? '0'].map(Number) as [number, number, number, number, number, number];
  if (hour > 23 || minute > 59 || second > 59) return null;
  const guess = Date.UTC(year, month - 1, day, hour, minute, second);
  // Rejects 31 April, month 13 and the like instead of rolling over.
  const check = new Date(guess);
  if (check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day) return null;
  let result = guess - zoneOffsetMinutes(new Date(guess), timeZone) * 60_000;
  // Second pass: the offset at the result may differ from the offset at the guess near a DST switch.
  result = guess - zoneOffsetMinutes(new Date(result), timeZone) * 60_000;
  return new Date(result);
}

/** ISO date-time with an offset, or local time without one (read in `defaultZone`). Null when unparseable. */
export function parseCarrierTime(value: unknown, defaultZone: string): Date | null {
  if (typeof value !== 'string' || value.trim() === '') return null;
  const text = value.trim();
  if (WITH_ZONE.test(text)) {
    // Java's `+0000` is not ISO 8601 for Date.parse; insert the colon.
    const normalized = text.replace(/([+-]\d{2})(\d{2})$/, '$1:$2');
    const t = new Date(normalized);
    return Number.isNaN(t.getTime()) ? null : t;
  }
  return localToInstant(text, defaultZone);
}


/** 'DD.MM.YYYY' or 'YYYY-MM-DD' (with anything after it) → 'YYYY-MM-DD', else undefined. */
export function toIsoDate(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const iso = /^(\d{4})-(\d{2})-(\d{2})/.exec(value.trim());
  if (iso) return `${iso[1]}-${iso[2]}-${iso[3]}`;
  const fi = /^(\d{1,2})\.(\d{1,2})\.(\d{4})/.exec(value.trim());
  if (fi) return `${fi[3]}-${fi[2]!.padStart(2, '0')}-${fi[1]!.padStart(2, '0')}`;
  return undefined;
}

/** Local calendar date of an instant in a zone. */
export function dateIn(instant: Date, zone: string): string {
  let format = dateFormats.get(zone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit' });
    dateFormats.set(zone, format);
  }
  return format.format(instant);
}

/** The usual zone of a Nordic country code (carrier local times without an offset). */
export function zoneOfCountry(country: string | null | undefined, fallback = 'Europe/Helsinki'): string {
  switch ((country ?? '').toUpperCase()) {
    case 'SE':
      return 'Europe/Stockholm';
    case 'NO':
      return 'Europe/Oslo';
    case 'DK':
      return 'Europe/Copenhagen';
    case 'FI':
      return 'Europe/Helsinki';
    default:
      return fallback;
  }
}

/** Instant → wall-clock 'YYYY-MM-DDTHH:mm:ss' in `zone` (no offset), as carriers without offsets write it. */
export function formatLocal(instant: Date, zone: string): string {
  const shifted = new Date(instant.getTime() + zoneOffsetMinutes(instant, zone) * 60_000);
  return shifted.toISOString().slice(0, 19);
}

/** Instant → ISO with the zone's offset, e.g. '2026-11-20T14:58:48+02:00'. */
export function formatWithOffset(instant: Date, zone: string): string {
  const offset = zoneOffsetMinutes(instant, zone);
  const sign = offset < 0 ? '-' : '+';
  const abs = Math.abs(offset);
  return `${formatLocal(instant, zone)}${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}
