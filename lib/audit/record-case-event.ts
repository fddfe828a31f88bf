/**
 * The audit writer: rows of `domain_events` with `audience = 'audit'` (read by the case timeline; the
 * `case_events` view shows them under their old name). It lives in its own low layer, under every domain, so a domain that
 * records an audit row does not depend on `lib/cases` (issue #13: that import tied 18 domains into one loop).
 * Every type is one of the typed audit catalog (./catalog.ts); the public domain events that webhooks carry
 * are written beside it by lib/core/events (docs/architecture.md, "Audit trail and event log").
 */
import { sql, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '@/db';
import { domainEvents } from '@/db/schema';
import { actorColumns, type Actor } from '@/lib/core/actor';
import { AUDIT_CATALOG, type AuditEventData, type AuditEventType } from './catalog';

type CaseEventOf<T extends AuditEventType> = {
  actor: Actor;
  /** One of the audit catalog's types (`<entity>.<past_tense>`, e.g. `return.requested`). */
  type: T;
  caseId?: string | null;
  orderId?: string | null;
  data?: AuditEventData<T>;
  /** When it happened, for history written after the fact (the demo seed); default: now. */
  occurredAt?: Date;
};

/** One audit row's input; `data` is checked against its type's schema (at compile time and on write). */
export type CaseEventInput = { [T in AuditEventType]: CaseEventOf<T> }[AuditEventType];

/**
 * A `data` that does not match its schema throws outside production (tests and development catch a writer
 * that drifts from the catalog). In production it is logged and the row is written as given: the audit row
 * shares the transaction of the customer's return or refund, and a bookkeeping shape must not roll that back.
 */
const STRICT = process.env.NODE_ENV !== 'production';

export class AuditDataError extends Error {
  constructor(type: string, issues: string) {
    super(`Audit event ${type}: data does not match lib/audit/catalog.ts (${issues})`);
    this.name = 'AuditDataError';
  }
}

function rowOf(input: CaseEventInput) {
  const data = (input.data ?? {}) as Record<string, unknown>;
  const schema = AUDIT_CATALOG[input.type] as (typeof AUDIT_CATALOG)[AuditEventType] | undefined;
  if (!schema) throw new AuditDataError(String(input.type), 'unknown type');
  const checked = schema.safeParse(data);
  if (!checked.success) {
    const issues = checked.error.issues.map((i) => `${i.path.join('.') || '_'}: ${i.message}`).join('; ');
    if (STRICT) throw new AuditDataError(input.type, issues);
    console.error(`[audit] ${input.type}: data does not match its schema (${issues}); written as given`);
  }
  const caseId = input.caseId ?? null;
  const orderId = input.orderId ?? null;
  return {
    ...actorColumns(input.actor),
    type: input.type,
    // The entity of `<entity>.<past_tense>`; the aggregate is the case, else the order (the migration's rule too).
    aggregateType: input.type.split('.')[0]!.slice(0, 32),
    aggregateId: caseId ?? orderId,
    caseId,
    orderId,
    data,
    audience: 'audit' as const,
    // tx_id 0, like the copied history: a previous release's worker still running during a rolling deploy pages
    // the log by (tx_id, id) without knowing `audience`, and would otherwise send audit rows out as webhooks.
    txId: 0,
    ...(input.occurredAt ? { occurredAt: input.occurredAt } : {}),
  };
}

/**
 * The audit rows of the log (what the case timeline, the settings audit list and the `case_events` view read);
 * a literal, so the partial indexes on `audience = 'audit'` apply.
 */
export function isAuditRow(): SQL {
  return sql`${domainEvents.audience} = 'audit'`;
}

/** Appends one audit row; call it inside the transaction that makes the change. */
export async function recordCaseEvent(db: DbOrTx, input: CaseEventInput): Promise<void> {
  await db.insert(domainEvents).values(rowOf(input));
}

/** Several audit rows in one INSERT (a batch ingest writes one statement, not one per parcel). */
export async function recordCaseEvents(db: DbOrTx, inputs: readonly CaseEventInput[]): Promise<void> {
  if (inputs.length === 0) return;
  await db.insert(domainEvents).values(inputs.map(rowOf));
}
