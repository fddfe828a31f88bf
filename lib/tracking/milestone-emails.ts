// C2 — owner: tracking. Placeholder in the carriers branch (no-op); the tracking engineer's file replaces it at merge.
import type { Tx } from '@/db';
import type { ShipmentStatus } from './ingest-events';

/** Queues the customer's milestone email(s) for a status change of one parcel. Placeholder: no-op. */
export async function queueMilestoneEmails(tx: Tx, change: { shipmentId: string; previous: ShipmentStatus | null; current: ShipmentStatus }): Promise<void> {
  void tx;
  void change;
}
