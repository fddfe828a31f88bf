/**
 * Each carrier's own event codes → normalized status (DESIGN.md), from research/carriers.md §1.2, §2.2,
 * §3.2, §4.2, §5, §6 and §10. One table per carrier in lib/carriers/<carrier>/codes.ts; the parsers and
 * `mapCarrierCode` both read them through here.
 * `info: true` marks codes that carry no status of their own ("no change" in the research): they take
 * the status of the parcel's previous event.
 */
import type { CarrierId, ShipmentStatus } from '@/lib/core/enums';
import { bringCodes } from './bring/codes';
import { budbeeBoxCodes, budbeeCodes } from './budbee/codes';
import type { CodeEntry } from './code-entry';
import { dhlCodes } from './dhl/codes';
import { instaboxCodes } from './instabox/codes';
import { matkahuoltoCodes } from './matkahuolto/codes';
import { postiCodes } from './posti/codes';
import { postnordCodes } from './postnord/codes';

export type { CodeEntry } from './code-entry';

/** Each carrier's table lives in lib/carriers/<carrier>/codes.ts. */
export const carrierCodes: Record<CarrierId, Record<string, CodeEntry>> = {
  posti: postiCodes,
  postnord: postnordCodes,
  matkahuolto: matkahuoltoCodes,
  bring: bringCodes,
  budbee: budbeeCodes,
  dhl: dhlCodes,
  instabox: instaboxCodes,
};

export { budbeeBoxCodes } from './budbee/codes';

/** An unknown code never claims progress it cannot prove: shown as the carrier's text while in transit. */
export const SAFE_UNKNOWN_STATUS: ShipmentStatus = 'in_transit';

export function lookupCode(carrier: CarrierId, code: string, options: { box?: boolean } = {}): CodeEntry | undefined {
  if (carrier === 'budbee' && options.box && Object.hasOwn(budbeeBoxCodes, code)) return budbeeBoxCodes[code];
  const table = carrierCodes[carrier];
  return Object.hasOwn(table, code) ? table[code] : undefined;
}
