import type { ExceptionSubStatus, ShipmentStatus } from '@/lib/core/enums';

/** One carrier code's meaning; `info: true` = no status of its own (takes the parcel's previous status). */
export type CodeEntry = { status: ShipmentStatus; subStatus?: ExceptionSubStatus; info?: true };

export const s = (status: ShipmentStatus, subStatus?: ExceptionSubStatus): CodeEntry => (subStatus ? { status, subStatus } : { status });
export const info: CodeEntry = { status: 'in_transit', info: true };
