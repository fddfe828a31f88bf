import { and, eq, isNull } from 'drizzle-orm';
import type { Tx } from '@/db';
import { staffUsers } from '@/db/schema';
import { AppError } from '@/lib/errors';

export type StaffRow = { id: string; role: 'agent' | 'admin'; disabledAt: Date | null; email: string; name: string };

/**
 * Locks the target and every active admin (in id order, so two admins demoting each other cannot
 * both pass the last-admin check) and returns the target.
 */
export async function lockStaffForAdminChange(tx: Tx, staffId: string): Promise<{ target: StaffRow; activeAdmins: string[] }> {
  const admins = await tx
    .select({ id: staffUsers.id })
    .from(staffUsers)
    .where(and(eq(staffUsers.role, 'admin'), isNull(staffUsers.disabledAt)))
    .orderBy(staffUsers.id)
    .for('update');
  const [target] = await tx
    .select({ id: staffUsers.id, role: staffUsers.role, disabledAt: staffUsers.disabledAt, email: staffUsers.email, name: staffUsers.name })
    .from(staffUsers)
    .where(eq(staffUsers.id, staffId))
    .for('update');
  if (!target) throw new AppError('not_found', 'No such staff member', { details: { reason: 'staffNotFound' } });
  return { target, activeAdmins: admins.map((a) => a.id) };
}

/** The shop must keep at least one active admin. */
export function assertNotLastAdmin(target: StaffRow, activeAdmins: string[]): void {
  if (target.role === 'admin' && !target.disabledAt && activeAdmins.length <= 1) {
    throw new AppError('invalid_state', 'The last active admin cannot lose admin rights', { details: { reason: 'lastAdmin' } });
  }
}

export function assertNotSelf(actorStaffId: string, targetId: string): void {
  if (actorStaffId === targetId) throw new AppError('invalid_state', 'Not on your own account', { details: { reason: 'self' } });
}
