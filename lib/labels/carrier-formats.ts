import { randomInt } from 'node:crypto';
import type { Carrier } from '@/lib/carriers/catalog';

/**
 * How each carrier numbers a return parcel and how its label-free ("printerless") return works
 * (shared/research/carriers.md §1.3, 1.5, 2.3, 3.3, 3.5, 4.3, 4.5, 5, 7.5). Until the carrier APIs are
 * wired, numbers are generated locally in the carrier's real format so labels, scanners and the
 * tracking-number detectors downstream treat them like the real thing.
 */

const digits = (n: number) => Array.from({ length: n }, () => randomInt(10)).join('');
const fromAlphabet = (alphabet: string, n: number) => Array.from({ length: n }, () => alphabet[randomInt(alphabet.length)]).join('');

/** GS1 mod-10 check digit (weights 3,1 from the right). */
export function gs1CheckDigit(body: string): number {
  let sum = 0;
  for (let i = 0; i < body.length; i++) sum += Number(body[body.length - 1 - i]) * (i % 2 === 0 ? 3 : 1);
  return (10 - (sum % 10)) % 10;
}

/** UPU S10 check digit over the 8-digit serial (§8.3): weights 8,6,4,2,3,5,9,7; 10 → 0, 11 → 5. */
export function s10CheckDigit(serial: string): number {
  const weights = [8, 6, 4, 2, 3, 5, 9, 7];
  const sum = serial.split('').reduce((acc, d, i) => acc + Number(d) * weights[i]!, 0);
  const c = 11 - (sum % 11);
  return c === 10 ? 0 : c === 11 ? 5 : c;
}

/** An 18-digit SSCC: extension digit, GS1 country prefix of the issuer, serial, check digit. */
function sscc(countryPrefix: string): string {
  const body = `3${countryPrefix}${digits(17 - 1 - countryPrefix.length)}`;
  return `${body}${gs1CheckDigit(body)}`;
}

export function newReturnTrackingNumber(carrier: Carrier): string {
  switch (carrier) {
    case 'posti':
      return `JJFI64${digits(15)}`; // ^JJFI\d{17}$ (§1.3)
    case 'postnord':
      return sscc('64'); // GS1 SSCC, issued by a Finnish shop (§2.3, §8.2)
    case 'bring':
      return sscc('70'); // Nordic package ids are SSCCs (§4.3)
    case 'matkahuolto': {
      const serial = digits(8);
      return `MH${serial}${s10CheckDigit(serial)}FI`; // ^MH\d{9}FI$ (§3.3)
    }
    case 'budbee':
      return `BB${fromAlphabet('0123456789ABCDEFGHJKLMNPQRSTUVWXYZ', 14)}`; // format not public (§5), our own
    case 'dhl':
      return `JVGL${digits(16)}`; // DHL Parcel heuristic ^(JJD|JVGL)\w{8,}$ (§7.5)
    case 'instabox':
      return `PALUU${digits(11)}`; // Instabee's parcelId shape: a merchant prefix + digits (instabox/facts.ts)
  }
}

/** The carrier's own return product, printed on the label. */
export const returnService: Record<Carrier, string> = {
  posti: '2108 Palautus',
  postnord: '24 Return Drop Off',
  matkahuolto: '81 Asiakaspalautus',
  bring: '9300 Retur',
  budbee: 'Budbee Box return',
  dhl: 'DHL Parcel Return',
  instabox: 'Instabox Locker Return',
};

/**
 * How the customer uses the label-free return: `write` = the code is written clearly on the parcel
 * (Posti Helposti, Matkahuolto activation code, Bring label-free code with name and address),
 * `pin` = opens a locker (Budbee), `scan` = staff scan the QR and print the label (PostNord, DHL).
 */
export type PrinterlessKind = 'write' | 'pin' | 'scan';
export const printerlessKind: Record<Carrier, PrinterlessKind> = {
  posti: 'write',
  matkahuolto: 'write',
  bring: 'write',
  budbee: 'pin',
  instabox: 'pin',
  postnord: 'scan',
  dhl: 'scan',
};

export function newPrinterlessCode(carrier: Carrier): string {
  switch (carrier) {
    case 'posti':
      return fromAlphabet('0123456789ABCDEF', 6); // Helposti: 6 chars 0–9 A–F (§1.5)
    case 'matkahuolto':
      return digits(7); // activation code, 7 digits (§3.5)
    case 'bring':
      return `BRING-${digits(4)}-${digits(4)}`; // §4.3
    case 'budbee':
    case 'instabox':
      return digits(6); // locker PIN (§5; Instabox: our assumption)
    case 'postnord':
    case 'dhl':
      return fromAlphabet('23456789ABCDEFGHJKLMNPQRSTUVWXYZ', 10); // QR payload shown at the counter
  }
}
