import type { Case } from '@/db/schema';
import type { SlaConfig } from '@/lib/sla/config';
import { slaColumns } from '@/lib/sla/config';
import { pauseSla, resumeSla, type SlaFacts } from '@/lib/sla/sla';

type Status = Case['status'];
const RESOLVED: Status[] = ['resolved', 'closed'];

/**
 * The case columns that follow from a status change and/or a first response: waiting on the
 * customer pauses the SLA clock, anything else resumes it; resolving stops it; due times recomputed.
 */
export function slaPatch(
  current: Pick<Case, 'type' | 'status' | 'createdAt' | 'firstRespondedAt' | 'resolvedAt' | 'closedAt' | 'slaPausedAt' | 'slaPausedSeconds'>,
  change: { status?: Status; firstResponse?: boolean },
  config: SlaConfig,
  now: Date,
) {
  const status = change.status ?? current.status;
  let facts: SlaFacts = {
    type: current.type,
    createdAt: current.createdAt,
    firstRespondedAt: current.firstRespondedAt ?? (change.firstResponse ? now : null),
    resolvedAt: current.resolvedAt,
    slaPausedAt: current.slaPausedAt,
    slaPausedSeconds: current.slaPausedSeconds,
  };
  facts = status === 'waiting_customer' ? pauseSla(facts, now) : resumeSla(facts, now, config.calendar);
  const resolving = RESOLVED.includes(status);
  facts.resolvedAt = resolving ? (current.resolvedAt ?? now) : null;
  return {
    status,
    firstRespondedAt: facts.firstRespondedAt,
    resolvedAt: facts.resolvedAt,
    closedAt: status === 'closed' ? (current.closedAt ?? now) : null,
    slaPausedAt: facts.slaPausedAt,
    slaPausedSeconds: facts.slaPausedSeconds,
    ...slaColumns(facts, config),
  };
}
