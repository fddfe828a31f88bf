// Placeholder for contract C5 (owner: carriers). The carriers engineer's file replaces this at merge.
import type { CarrierId, ExceptionSubStatus, ShipmentStatus } from '@/lib/tracking/ingest-events';

/** A carrier's own event code → normalized status; unknown codes give the nearest safe status and unmapped: true. */
export function mapCarrierCode(_carrier: CarrierId, _code: string): { status: ShipmentStatus; subStatus?: ExceptionSubStatus; unmapped: boolean } {
  return { status: 'in_transit', unmapped: true };
}
