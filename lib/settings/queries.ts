import 'server-only';
import { desc, eq, sql } from 'drizzle-orm';
import type { DbOrTx } from '@/db';
import { caseEvents, staffUsers } from '@/db/schema';
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
    .select({ id: caseEvents.id, at: caseEvents.createdAt, data: caseEvents.data, staffName: staffUsers.name })
    .from(caseEvents)
    .leftJoin(staffUsers, sql`${caseEvents.actorType} = 'staff' and ${staffUsers.id}::text = ${caseEvents.actorId}`)
    .where(eq(caseEvents.type, SETTINGS_CHANGED))
    .orderBy(desc(caseEvents.id))
    .limit(limit);
  return rows.map((r) => ({
    id: r.id,
    at: r.at.toISOString(),
    key: String(r.data.key ?? ''),
    staffName: r.staffName,
    changed: changedFields(r.data.before, r.data.after),
  }));
}
