import type { Tx } from '@/db';
import { cases } from '@/db/schema';
import type { Actor } from '@/lib/core/actor';
import type { CaseType } from '@/lib/core/enums';
import type { Locale } from '@/lib/core/locales';
import { getSlaConfig, slaColumns } from '@/lib/sla/config';
import { nextRoundRobinAgent } from './auto-assign';
import { recordEvent } from '@/lib/core/events';

export type OpenCaseInput = {
  actor: Actor;
  type: CaseType;
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
 * Opens a staff case inside the caller's transaction, with its `case.opened` audit row, SLA due times
 * (business hours, lib/sla) and, when the shop turned it on, a round-robin assignee.
 */
export async function openCase(tx: Tx, input: OpenCaseInput): Promise<{ id: string; number: number }> {
  const config = await getSlaConfig(tx);
  const now = new Date();
  const sla = slaColumns({ type: input.type, createdAt: now, firstRespondedAt: null, resolvedAt: null, slaPausedAt: null, slaPausedSeconds: 0 }, config);
  const assigneeId = config.settings.autoAssign ? await nextRoundRobinAgent(tx) : null;
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
      createdAt: now,
      assigneeId,
      ...sla,
    })
    .returning({ id: cases.id, number: cases.number });
  if (!row) throw new Error('case insert returned no row');
  await recordEvent(tx, { type: 'case.opened', actor: input.actor, caseId: row.id, data: { caseId: row.id, orderId: input.orderId ?? null, type: input.type } });
  if (assigneeId) await recordEvent(tx, { actor: { type: 'system' }, type: 'case.assigned', caseId: row.id, orderId: input.orderId, data: { to: assigneeId, reason: 'round_robin' } });
  return row;
}
