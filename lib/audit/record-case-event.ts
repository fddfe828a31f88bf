/**
 * The audit writer (case_events). It lives in its own low layer, under every domain, so a domain that
 * records an audit row does not depend on `lib/cases` (issue #13: that import tied 18 domains into one loop).
 * The typed domain-event log (lib/core/events) is to take its place.
 */
import type { DbOrTx } from '@/db';
import { caseEvents } from '@/db/schema';
import { actorColumns, type Actor } from '@/lib/core/actor';

export type CaseEventInput = {
  actor: Actor;
  /** `<entity>.<past_tense>`, e.g. `return.requested`, `shipment.created`. */
  type: string;
  caseId?: string | null;
  orderId?: string | null;
  data?: Record<string, unknown>;
};

/** Appends one audit row; call it inside the transaction that makes the change. */
export async function recordCaseEvent(db: DbOrTx, input: CaseEventInput): Promise<void> {
  await db.insert(caseEvents).values({
    ...actorColumns(input.actor),
    type: input.type,
    caseId: input.caseId ?? null,
    orderId: input.orderId ?? null,
    data: input.data ?? {},
  });
}
