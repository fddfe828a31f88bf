// C5 — owner: carriers.
import type { CarrierId, ExceptionSubStatus, ShipmentStatus } from '@/lib/core/enums';
import { lookupCode, SAFE_UNKNOWN_STATUS } from './codes';

/**
 * A carrier's own event code → normalized status; unknown codes give the nearest safe status and unmapped: true.
 * Budbee locker codes can be asked for as `BOX:<code>` (a locker "Delivered" is `available_for_pickup`).
 */
export function mapCarrierCode(carrier: CarrierId, code: string): { status: ShipmentStatus; subStatus?: ExceptionSubStatus; unmapped: boolean } {
  const box = carrier === 'budbee' && code.startsWith('BOX:');
  const entry = lookupCode(carrier, box ? code.slice(4) : code.trim(), { box });
  if (!entry) return { status: SAFE_UNKNOWN_STATUS, unmapped: true };
  return entry.subStatus ? { status: entry.status, subStatus: entry.subStatus, unmapped: false } : { status: entry.status, unmapped: false };
}
