import { and, asc, eq, gt, isNull, sql } from 'drizzle-orm';
import type { Tx } from '@/db';
import { settings, staffUsers } from '@/db/schema';
import { assignableStaff } from './assignable-staff';

const CURSOR_KEY = 'assignment_cursor';

/**
 * Round-robin: the next available agent after the one who got the last case (by id, wrapping).
 * The cursor row is locked, so parallel openings take turns instead of picking the same agent.
 */
export async function nextRoundRobinAgent(tx: Tx, options: { excludeStaffId?: string | null } = {}): Promise<string | null> {
  await tx.insert(settings).values({ key: CURSOR_KEY, value: { last: null } }).onConflictDoNothing();
  const [cursorRow] = await tx.select({ value: settings.value }).from(settings).where(eq(settings.key, CURSOR_KEY)).for('update');
  const last = (cursorRow?.value as { last?: string | null } | undefined)?.last ?? null;
  const eligible = and(eq(staffUsers.role, 'agent'), eq(staffUsers.isAvailable, true), isNull(staffUsers.disabledAt), assignableStaff(), options.excludeStaffId ? sql`${staffUsers.id} <> ${options.excludeStaffId}` : undefined);
  const pick = async (after: string | null) =>
    (await tx.select({ id: staffUsers.id }).from(staffUsers).where(and(eligible, after ? gt(staffUsers.id, after) : undefined)).orderBy(asc(staffUsers.id)).limit(1))[0]?.id ?? null;
  const next = (await pick(last)) ?? (await pick(null));
  if (next) await tx.update(settings).set({ value: { last: next } }).where(eq(settings.key, CURSOR_KEY));
  return next;
}
