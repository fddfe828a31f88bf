import { and, eq, inArray } from 'drizzle-orm';
import type { Tx } from '@/db';
import { cases, type DomainEventRow } from '@/db/schema';
import { OPEN_CASE_STATUSES } from '@/lib/core/enums';
import type { Subscriber } from '@/lib/core/events';
import { triggerOf } from './evaluate';
import { runRulesOnCase } from './run-rules';

/** The cases an event is about: its own case, a claim's case, or a late order's open cases. */
async function casesOf(tx: Tx, event: DomainEventRow): Promise<string[]> {
  const data = event.data as { caseId?: string; claimId?: string; orderId?: string };
  if (event.type === 'delay.detected') {
    if (!data.orderId) return [];
    const rows = await tx
      .select({ id: cases.id })
      .from(cases)
      .where(and(eq(cases.orderId, data.orderId), inArray(cases.status, [...OPEN_CASE_STATUSES])));
    return rows.map((r) => r.id);
  }
  if (event.type === 'claim.created') {
    if (event.caseId) return [event.caseId];
    if (!data.claimId) return [];
    return (await tx.select({ id: cases.id }).from(cases).where(eq(cases.claimId, data.claimId))).map((r) => r.id);
  }
  const id = data.caseId ?? event.caseId;
  return id ? [id] : [];
}

/**
 * Automation rules (issue #17) run from the event log, in the transaction that moves this subscriber's cursor:
 * each event is evaluated once (a replay finds the event id on its audit rows and does nothing again). `case.updated`
 * events written by automation itself are skipped (triggerOf), so a rule never re-triggers rules.
 */
export const automationRulesSubscriber: Subscriber = {
  name: 'automation.rules',
  types: ['case.opened', 'case.updated', 'case.customer_replied', 'claim.created', 'delay.detected'],
  async handle(tx, event) {
    const trigger = triggerOf(event.type, event.data);
    if (!trigger) return;
    for (const caseId of await casesOf(tx, event)) await runRulesOnCase(tx, { caseId, trigger, eventId: event.eventId });
  },
};

export const AUTOMATION_SUBSCRIBERS: readonly Subscriber[] = [automationRulesSubscriber];
