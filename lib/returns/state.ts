/**
 * The return life cycle (DESIGN.md): requested → approved → label_issued → in_transit → received →
 * inspected → completed, or rejected / canceled before the parcel travels. Pure: callers lock the row
 * and move it only along these edges.
 */
import type { ReturnStatus } from '@/lib/core/enums';

export type { ReturnStatus };

export type ReturnEvent = 'approve' | 'issue_label' | 'hand_over' | 'receive' | 'inspect' | 'complete' | 'reject' | 'cancel';

const EDGES: Record<ReturnEvent, { from: readonly ReturnStatus[]; to: ReturnStatus }> = {
  approve: { from: ['requested'], to: 'approved' },
  issue_label: { from: ['approved'], to: 'label_issued' },
  hand_over: { from: ['label_issued'], to: 'in_transit' },
  // A parcel can reach the warehouse before any carrier scan arrives.
  receive: { from: ['label_issued', 'in_transit'], to: 'received' },
  inspect: { from: ['received'], to: 'inspected' },
  complete: { from: ['inspected'], to: 'completed' },
  reject: { from: ['requested', 'approved'], to: 'rejected' },
  cancel: { from: ['requested', 'approved', 'label_issued'], to: 'canceled' },
};

export const TERMINAL_RETURN_STATUSES: readonly ReturnStatus[] = ['completed', 'rejected', 'canceled'];

/** The status after `event`, or null when the event is not allowed in `from`. */
export function nextReturnStatus(from: ReturnStatus, event: ReturnEvent): ReturnStatus | null {
  const edge = EDGES[event];
  return edge.from.includes(from) ? edge.to : null;
}

/** The statuses `event` may start from (for guarded UPDATE … WHERE status IN (…)). */
export function returnStatusesFor(event: ReturnEvent): readonly ReturnStatus[] {
  return EDGES[event].from;
}

/** The staff actions the case page offers for a return in `status`. */
export function availableReturnEvents(status: ReturnStatus): ReturnEvent[] {
  return (Object.keys(EDGES) as ReturnEvent[]).filter((event) => EDGES[event].from.includes(status));
}

/**
 * Where the receiving desk opens a return: a parcel still travelling is received, a received one is
 * inspected, an inspected one completed; null for any other status (nothing for the desk to do).
 */
export function receivingStepFor(status: ReturnStatus): 'receive' | 'inspect' | 'complete' | null {
  for (const step of ['receive', 'inspect', 'complete'] as const) if (nextReturnStatus(status, step)) return step;
  return null;
}
