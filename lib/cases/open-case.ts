import type { Tx } from '@/db';
import { cases } from '@/db/schema';
import type { Actor } from '@/lib/auth/actor';
import type { Locale } from '@/lib/i18n/locales';
import { recordCaseEvent } from './record-case-event';

export type OpenCaseInput = {
  actor: Actor;
  type: 'return' | 'exchange' | 'claim' | 'delivery_issue' | 'withdrawal' | 'question';
  subject: string;
  customerEmail: string;
  customerName?: string | null;
  locale: Locale;
  priority?: 'low' | 'normal' | 'high' | 'urgent';
  orderId?: string | null;
  returnId?: string | null;
  claimId?: string | null;
  withdrawalId?: string | null;
  shipmentId?: string | null;
  tags?: string[];
};

/**
 * Opens a staff case inside the caller's transaction, with its `case.opened` audit row.
 * The staff-desk issue owns SLA due times and assignment: it extends this function, callers stay as they are.
 */
export async function openCase(tx: Tx, input: OpenCaseInput): Promise<{ id: string; number: number }> {
  const [row] = await tx
    .insert(cases)
    .values({
      type: input.type,
      subject: input.subject,
      customerEmail: input.customerEmail,
      customerName: input.customerName ?? null,
      locale: input.locale,
      priority: input.priority ?? 'normal',
      orderId: input.orderId ?? null,
      returnId: input.returnId ?? null,
      claimId: input.claimId ?? null,
      withdrawalId: input.withdrawalId ?? null,
      shipmentId: input.shipmentId ?? null,
      tags: input.tags ?? [],
    })
    .returning({ id: cases.id, number: cases.number });
  if (!row) throw new Error('case insert returned no row');
  await recordCaseEvent(tx, { actor: input.actor, type: 'case.opened', caseId: row.id, orderId: input.orderId, data: { type: input.type } });
  return row;
}
