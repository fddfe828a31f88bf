import { randomInt } from 'node:crypto';

const digits = (n: number) => Array.from({ length: n }, () => randomInt(10)).join('');

/** A tracking number in the carrier's own format, for parcels the desk creates (reships, exchanges). */
export function newOutboundTrackingNumber(carrier: string): string {
  switch (carrier) {
    case 'posti':
      return `JJFI${digits(17)}`;
    case 'matkahuolto':
      return `MH${digits(9)}FI`;
    case 'dhl':
      return digits(10);
    default:
      return `00${digits(18)}`;
  }
}
