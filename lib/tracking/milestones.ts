import type { ShipmentStatus } from '@/lib/core/enums';

/** The moments a customer hears about by email; one email per milestone per parcel, ever. */
export const milestones = ['shipped', 'out_for_delivery', 'ready_for_pickup', 'delivered', 'problem'] as const;
export type Milestone = (typeof milestones)[number];

const byStatus: Partial<Record<ShipmentStatus, Milestone>> = {
  out_for_delivery: 'out_for_delivery',
  available_for_pickup: 'ready_for_pickup',
  delivered: 'delivered',
  failed_attempt: 'problem',
  exception: 'problem',
};

/** The milestones a status change reaches: `previous === null` is a parcel just created ("shipped"). */
export function milestonesFor(previous: ShipmentStatus | null, current: ShipmentStatus): Milestone[] {
  if (previous === current) return [];
  const out: Milestone[] = [];
  if (previous === null && current !== 'canceled') out.push('shipped');
  const reached = byStatus[current];
  if (reached) out.push(reached);
  return out;
}

export function milestoneDedupeKey(shipmentId: string, milestone: Milestone): string {
  return `milestone:${shipmentId}:${milestone}`;
}
