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

/**
 * The zone a country's carriers write local times in (ISO 3166 alpha-2 or alpha-3 code). Countries that span
 * several zones get the zone of their capital or main parcel hub (US → New York, CA → Toronto, AU → Sydney,
 * RU → Moscow, BR → São Paulo); `fallback` when the code is missing or unknown.
 */
const COUNTRY_ZONES: Record<string, string> = {
  FI: 'Europe/Helsinki', AX: 'Europe/Mariehamn', SE: 'Europe/Stockholm', NO: 'Europe/Oslo', DK: 'Europe/Copenhagen', IS: 'Atlantic/Reykjavik',
  FO: 'Atlantic/Faroe', GL: 'America/Nuuk', EE: 'Europe/Tallinn', LV: 'Europe/Riga', LT: 'Europe/Vilnius',
  DE: 'Europe/Berlin', NL: 'Europe/Amsterdam', BE: 'Europe/Brussels', LU: 'Europe/Luxembourg', FR: 'Europe/Paris', MC: 'Europe/Monaco',
  GB: 'Europe/London', UK: 'Europe/London', IE: 'Europe/Dublin', ES: 'Europe/Madrid', PT: 'Europe/Lisbon', IT: 'Europe/Rome',
  CH: 'Europe/Zurich', LI: 'Europe/Vaduz', AT: 'Europe/Vienna', PL: 'Europe/Warsaw', CZ: 'Europe/Prague', SK: 'Europe/Bratislava',
  HU: 'Europe/Budapest', SI: 'Europe/Ljubljana', HR: 'Europe/Zagreb', RO: 'Europe/Bucharest', BG: 'Europe/Sofia', GR: 'Europe/Athens',
  CY: 'Asia/Nicosia', MT: 'Europe/Malta', RS: 'Europe/Belgrade', UA: 'Europe/Kyiv', TR: 'Europe/Istanbul', RU: 'Europe/Moscow',
  US: 'America/New_York', CA: 'America/Toronto', MX: 'America/Mexico_City', BR: 'America/Sao_Paulo', CN: 'Asia/Shanghai',
  HK: 'Asia/Hong_Kong', TW: 'Asia/Taipei', JP: 'Asia/Tokyo', KR: 'Asia/Seoul', SG: 'Asia/Singapore', IN: 'Asia/Kolkata',
  AE: 'Asia/Dubai', IL: 'Asia/Jerusalem', AU: 'Australia/Sydney', NZ: 'Pacific/Auckland', ZA: 'Africa/Johannesburg',
};

/** Alpha-3 codes as carriers write them (PostNord answers `SWE`, `DNK`), for the countries above. */
const ALPHA3: Record<string, string> = {
  FIN: 'FI', ALA: 'AX', SWE: 'SE', NOR: 'NO', DNK: 'DK', ISL: 'IS', FRO: 'FO', GRL: 'GL', EST: 'EE', LVA: 'LV', LTU: 'LT', DEU: 'DE',
  NLD: 'NL', BEL: 'BE', LUX: 'LU', FRA: 'FR', MCO: 'MC', GBR: 'GB', IRL: 'IE', ESP: 'ES', PRT: 'PT', ITA: 'IT', CHE: 'CH', LIE: 'LI',
  AUT: 'AT', POL: 'PL', CZE: 'CZ', SVK: 'SK', HUN: 'HU', SVN: 'SI', HRV: 'HR', ROU: 'RO', BGR: 'BG', GRC: 'GR', CYP: 'CY', MLT: 'MT',
  SRB: 'RS', UKR: 'UA', TUR: 'TR', RUS: 'RU', USA: 'US', CAN: 'CA', MEX: 'MX', BRA: 'BR', CHN: 'CN', HKG: 'HK', TWN: 'TW', JPN: 'JP',
  KOR: 'KR', SGP: 'SG', IND: 'IN', ARE: 'AE', ISR: 'IL', AUS: 'AU', NZL: 'NZ', ZAF: 'ZA',
};

export function zoneOfCountry(country: string | null | undefined, fallback = 'Europe/Helsinki'): string {
  const code = (country ?? '').trim().toUpperCase();
  const alpha2 = Object.hasOwn(ALPHA3, code) ? ALPHA3[code]! : code;
  return Object.hasOwn(COUNTRY_ZONES, alpha2) ? COUNTRY_ZONES[alpha2]! : fallback;
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
