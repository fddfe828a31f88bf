// Placeholder for contract C2 (owner: tracking). The tracking engineer's file replaces this at merge.
import type { Tx } from '@/db';
import type { ShipmentStatus } from './ingest-events';

/** Queues the customer's milestone email(s) for a status change of one parcel; exactly one email per milestone per
 *  parcel (dedupe key). previous === null means the shipment was just created ("shipped"). Placeholder: no-op. */
export async function queueMilestoneEmails(_tx: Tx, _change: { shipmentId: string; previous: ShipmentStatus | null; current: ShipmentStatus }): Promise<void> {}
