import type { Subscriber } from '@/lib/core/events';
import type { ShipmentStatus } from '@/lib/core/enums';
import { queueMilestoneEmailsFor } from './milestone-emails';

/**
 * Milestone emails (C2) follow a parcel's status change from the event log instead of inside the ingest
 * transaction: ingest stores events and statuses, the worker queues the emails a moment later. Idempotent:
 * the outbox dedupe key is one per parcel and milestone (`milestone:<shipmentId>:<milestone>`), stronger than
 * one per event, so a replayed or duplicated status change never sends a second email.
 */
export const milestoneEmailsSubscriber: Subscriber = {
  name: 'tracking.milestone_emails',
  types: ['shipment.status_changed'],
  async handle(tx, event) {
    const data = event.data as { shipmentId: string; from: ShipmentStatus | null; to: ShipmentStatus };
    await queueMilestoneEmailsFor(tx, [{ shipmentId: data.shipmentId, previous: data.from, current: data.to }]);
  },
};

export const TRACKING_SUBSCRIBERS: readonly Subscriber[] = [milestoneEmailsSubscriber];
