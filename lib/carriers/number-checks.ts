/**
 * Check digits of the number formats carriers use (carriers.md §7.5, §8.3), so a typo is caught at the door.
 * The carriers' own patterns live in `lib/carriers/<carrier>/facts.ts`.
 */

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
export function isValidGsin(value: string): boolean {
  return /^\d{17}$/.test(value) && gs1Valid(value);
}

/** DHL Express waybill: 10 digits, the last is the first nine mod 7. */
export function isDhlExpress(value: string): boolean {
  return /^\d{10}$/.test(value) && Number(value.slice(0, 9)) % 7 === Number(value[9]);
}
