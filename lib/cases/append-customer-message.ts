import { eq, sql } from 'drizzle-orm';
import type { Tx } from '@/db';
import { type Case, caseMessages, cases } from '@/db/schema';
import type { Actor } from '@/lib/core/actor';
import { recordEvent } from '@/lib/core/events';
import { getSlaConfig } from '@/lib/sla/config';
import { slaPatch } from './case-sla';

// No `import 'server-only'` here: lib/inbound (loaded by scripts/worker.mjs before its server-only hook) uses it.

/** Who a customer's message on this case is audited as: the order's customer, else the system. */
export function customerActor(row: Pick<Case, 'orderId'>): Actor {
  return row.orderId ? { type: 'customer', orderId: row.orderId } : { type: 'system' };
}

/**
 * A customer's message appended to a case locked in this transaction (lockCase): stored as a
 * customer_message, the case reopened (SLA resumes) and its version bumped. Shared by the reply link
 * and inbound email; the caller then records the one `case.customer_replied` event (recordCustomerReply) with what it
 * knows (inbound email: the attachments it stored for the message).
 */
export async function appendCustomerMessage(tx: Tx, row: Case, body: string, now: Date): Promise<{ messageId: string }> {
  const [message] = await tx.insert(caseMessages).values({ caseId: row.id, kind: 'customer_message', body, locale: row.locale, createdAt: now }).returning({ id: caseMessages.id });
  const config = await getSlaConfig(tx);
  await tx
    .update(cases)
    .set({ ...slaPatch(row, { status: 'open' }, config, now), lastMessageAt: now, version: sql`${cases.version} + 1`, updatedAt: now })
    .where(eq(cases.id, row.id));
  return { messageId: message!.id };
}

/** The one `case.customer_replied` row of a customer's message (automation rules read it; the timeline shows it). */
export async function recordCustomerReply(tx: Tx, row: Case, messageId: string, facts: { via?: string; attachmentsKept?: number; attachmentsDropped?: unknown[] } = {}): Promise<void> {
  await recordEvent(tx, { actor: customerActor(row), type: 'case.customer_replied', caseId: row.id, orderId: row.orderId, data: { caseId: row.id, messageId, reopened: row.status !== 'open', ...facts } });
}
