import type { DbOrTx } from '@/db';
import { caseEvents } from '@/db/schema';
import { actorColumns, type Actor } from '@/lib/auth/actor';

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
