/**
 * Tracking-number shapes per carrier (carriers.md §7.5, §8.3). Check digits are verified where the
 * format has one (UPU S10 mod 11, GS1 SSCC mod 10, DHL Express mod 7), so a typo is caught at the door.
 * Never guess the carrier from an SSCC alone: PostNord and Bring share the format (§7.5).
 */
import type { CarrierId } from '@/lib/tracking/ingest-events';

/** Upper-case, without spaces, dashes or the printed `(00)` brackets. */
export function normalizeTrackingNumber(raw: string): string {
  return raw.trim().toUpperCase().replace(/[\s\-()]/g, '');
}

/** UPU S10: AA + 8-digit serial + check digit + country (weights 8,6,4,2,3,5,9,7; 10 → 0, 11 → 5). */
export function isValidS10(value: string, countries?: readonly string[]): boolean {
  const m = /^([A-Z]{2})(\d{8})(\d)([A-Z]{2})$/.exec(value);
  if (!m) return false;
  if (countries && !countries.includes(m[4]!)) return false;
  const weights = [8, 6, 4, 2, 3, 5, 9, 7];
  const sum = [...m[2]!].reduce((acc, d, i) => acc + Number(d) * weights[i]!, 0);
  const c = 11 - (sum % 11);
  return String(c === 10 ? 0 : c === 11 ? 5 : c) === m[3];
}

/** GS1 mod-10 over all digits but the last (weights 3,1,… from the right). */
function gs1Valid(digits: string): boolean {
  const body = digits.slice(0, -1);
  const sum = [...body].reverse().reduce((acc, d, i) => acc + Number(d) * (i % 2 === 0 ? 3 : 1), 0);
  return String((10 - (sum % 10)) % 10) === digits.at(-1);
}

/** SSCC (18 digits, optionally printed with AI 00 → 20 digits) with a valid GS1 check digit. */
export function isValidSscc(value: string): boolean {
  const m = /^(?:00)?(\d{18})$/.exec(value);
  return !!m && gs1Valid(m[1]!);
}

/** GS1 shipment number (GSIN, 17 digits). */
function isValidGsin(value: string): boolean {
  return /^\d{17}$/.test(value) && gs1Valid(value);
}

function isDhlExpress(value: string): boolean {
  return /^\d{10}$/.test(value) && Number(value.slice(0, 9)) % 7 === Number(value[9]);
}

const rules: Record<CarrierId, (n: string) => boolean> = {
  // §1.3: JJFI + digits (21 chars seen; 12–21 accepted by Posti's own APIs), or S10 from Finland.
  posti: (n) => /^JJFI\d{9,17}$/.test(n) || isValidS10(n, ['FI']),
  // §2.3: SSCC item ids, S10 items, and the 11-digit + SE item id form (e.g. 84971563697SE).
  postnord: (n) => isValidSscc(n) || isValidS10(n, ['SE', 'DK', 'NO', 'FI']) || /^\d{11}(SE|DK|NO|FI)$/.test(n),
  // §3.3: MH + 9 digits + FI (S10-shaped), package ids MA + 19 digits.
  matkahuolto: (n) => /^MH\d{9}FI$/.test(n) || /^MA\d{19}$/.test(n),
  // §4.3: SSCC package ids, 17-digit GS1 shipment numbers, S10 for abroad (…NO).
  bring: (n) => isValidSscc(n) || isValidGsin(n) || isValidS10(n, ['NO', 'SE', 'DK']),
  // §5: an opaque order token; no documented number format.
  budbee: (n) => /^[A-Z0-9]{6,32}$/.test(n),
  // §7.5: Express 10 digits (mod 7), eCommerce JJD/JVGL/GM and 00340 + 15 digits (heuristics).
  dhl: (n) => isDhlExpress(n) || /^(JJD|JVGL)[A-Z0-9]{8,30}$/.test(n) || /^00340\d{15}$/.test(n) || /^GM\d{16,20}$/.test(n),
};

/** The normalized number when it fits the carrier's format, else null. */
export function checkTrackingNumber(carrier: CarrierId, raw: string): string | null {
  const normalized = normalizeTrackingNumber(raw);
  return normalized.length > 0 && normalized.length <= 64 && rules[carrier](normalized) ? normalized : null;
}

export function isValidTrackingNumber(carrier: CarrierId, raw: string): boolean {
  return checkTrackingNumber(carrier, raw) !== null;
}
