import 'server-only';
import { and, desc, sql } from 'drizzle-orm';
import type { DbOrTx } from '@/db';
import { domainEvents, staffUsers } from '@/db/schema';
import { isAuditRow } from '@/lib/core/events';
import { SETTINGS_CHANGED } from './save-setting';

export type SettingsAuditDto = { id: number; at: string; key: string; staffName: string | null; changed: string[] };

export function changedFields(before: unknown, after: unknown): string[] {
  if (!before || !after || typeof before !== 'object' || typeof after !== 'object') return [];
  const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
  return [...keys].filter((k) => k !== 'id' && JSON.stringify((before as Record<string, unknown>)[k]) !== JSON.stringify((after as Record<string, unknown>)[k])).sort();
}

/** Recent settings changes: who changed which key when, newest first. */
export async function listSettingsAudit(db: DbOrTx, limit = 20): Promise<SettingsAuditDto[]> {
  const rows = await db
    .select({ id: domainEvents.id, at: domainEvents.occurredAt, data: domainEvents.data, staffName: staffUsers.name })
    .from(domainEvents)
    .leftJoin(staffUsers, sql`${domainEvents.actorType} = 'staff' and ${staffUsers.id}::text = ${domainEvents.actorId}`)
    // Literals, so the partial index domain_events_settings_idx applies (SETTINGS_CHANGED is a code constant).
    .where(and(isAuditRow(), sql`${domainEvents.type} = ${sql.raw(`'${SETTINGS_CHANGED}'`)}`))
    .orderBy(desc(domainEvents.id))
    .limit(limit);
  return rows.map((r) => ({
    id: r.id,
    at: r.at.toISOString(),
    key: String(r.data.key ?? ''),
    staffName: r.staffName,
    changed: changedFields(r.data.before, r.data.after),
  }));
}
