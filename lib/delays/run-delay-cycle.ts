/**
 * The worker's delay job, one cycle: sweep → queue the notices of kinds whose policy is `auto` → mark notices
 * whose email left as sent → escalate. Each step is its own transaction(s) and idempotent, so a cycle cut off
 * anywhere (SIGKILL, database restart) is completed by the next one without doubling anything.
 * No `server-only`: the worker and the CLI call it.
 */
import { and, inArray, isNull, notExists, sql } from 'drizzle-orm';
import type { Db } from '@/db';
import { delayIncidents, notices } from '@/db/schema';
import type { Actor } from '@/lib/core/actor';
import { escalateIncidents, type EscalationResult } from './escalate-incidents';
import { sendNotices } from './send-notices';
import { DELAY_KINDS, readDelaySettings } from './settings';
import { type SweepResult, sweepDelays } from './sweep-delays';

const SYSTEM: Actor = { type: 'system' };

/** Queues the notices of open, undismissed, not yet noticed incidents (and episodes) whose kind is sent automatically. */
export async function sendPendingNotices(db: Db, options: { orderIds?: string[]; limit?: number } = {}): Promise<{ queued: number; skipped: number }> {
  const settings = await readDelaySettings(db);
  const auto = DELAY_KINDS.filter((kind) => settings.sendPolicy[kind] === 'auto');
  if (auto.length === 0) return { queued: 0, skipped: 0 };
  const pending = await db
    .select({ id: delayIncidents.id })
    .from(delayIncidents)
    .where(
      and(
        isNull(delayIncidents.resolvedAt),
        isNull(delayIncidents.dismissedAt),
        inArray(delayIncidents.kind, auto),
        // Nothing told for this incident, nor for its episode (a parcel late in two ways gets one notice).
        notExists(
          db
            .select({ one: sql`1` })
            .from(notices)
            .where(sql`${notices.incidentId} = ${delayIncidents.id} or (${notices.episodeId} = ${delayIncidents.episodeId} and ${notices.status} <> 'dismissed')`),
        ),
        options.orderIds ? inArray(delayIncidents.orderId, options.orderIds) : undefined,
      ),
    )
    .orderBy(delayIncidents.openedAt)
    .limit(options.limit ?? 2000);
  if (pending.length === 0) return { queued: 0, skipped: 0 };
  return sendNotices({ db, actor: SYSTEM }, { incidentIds: pending.map((p) => p.id) });
}

/** Notices follow their outbox row: sent (or captured without SMTP) → sent, given up → failed. Set-based. */
export async function syncNoticeStatuses(db: Db): Promise<number> {
  const rows = await db.execute<{ id: string }>(sql`
    update notices n set
      status = case when o.status = 'failed' then 'failed'::notice_status else 'sent'::notice_status end,
      sent_at = o.sent_at, error = o.last_error, updated_at = now()
    from outbox o
    where n.outbox_id = o.id and n.status = 'queued' and o.status in ('sent', 'captured', 'failed')
    returning n.id`);
  return rows.length;
}

export type DelayCycleResult = { sweep: SweepResult; notices: { queued: number; skipped: number }; synced: number; escalation: EscalationResult };

export async function runDelayCycle(db: Db, now: Date = new Date()): Promise<DelayCycleResult> {
  const sweep = await sweepDelays(db, now);
  const queued = await sendPendingNotices(db);
  const synced = await syncNoticeStatuses(db);
  const escalation = await escalateIncidents(db, now);
  return { sweep, notices: queued, synced, escalation };
}

/** "stalled_in_transit 3, eta_breached 1" — the kinds with a count, for logs and the CLI. */
export function formatCounts(counts: Record<string, number>): string {
  const parts = Object.entries(counts)
    .filter(([, n]) => n > 0)
    .map(([kind, n]) => `${kind} ${n}`);
  return parts.length > 0 ? parts.join(', ') : 'none';
}
