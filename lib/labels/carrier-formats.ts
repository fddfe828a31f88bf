import type { Carrier } from '@/lib/carriers/catalog';
import { SPECIMEN_PREFIX } from '@/lib/carriers/booking';

/**
 * Numbering rules of the carriers' parcel ids (shared/research/carriers.md §1.3, 2.3, 3.3, 4.3, 8.2, 8.3) and how
 * each carrier's label-free ("printerless") return works. Paluu never invents a number in a carrier's format: a
 * return label either comes from the carrier's booking API (lib/carriers/<carrier>/booking.ts) or is a SPECIMEN
 * with an id no carrier uses (`specimenTrackingNumber`).
 */

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

/** The id of a SPECIMEN label: `SPECIMEN-<RMA>`, unique per return and in no carrier's format. */
export function specimenTrackingNumber(rma: string): string {
  return `${SPECIMEN_PREFIX}${rma}`;
}

export function isSpecimenTrackingNumber(trackingNumber: string): boolean {
  return trackingNumber.startsWith(SPECIMEN_PREFIX);
}
