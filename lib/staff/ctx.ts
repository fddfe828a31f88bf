import 'server-only';
import { getDb, type Db } from '@/db';
import type { Actor } from '@/lib/core/actor';
import { requireStaff, type StaffActor } from '@/lib/auth/staff-session';

export type StaffCtx = { db: Db; actor: Extract<Actor, { type: 'staff' }>; staff: StaffActor };

/** Authenticates (and optionally requires admin) and builds the use-case context. */
export async function staffCtx(options: { role?: 'admin' } = {}): Promise<StaffCtx> {
  const staff = await requireStaff(options);
  return { db: getDb(), actor: { type: 'staff', staffId: staff.staffId, role: staff.role }, staff };
}

export function toActor(staff: StaffActor): StaffCtx['actor'] {
  return { type: 'staff', staffId: staff.staffId, role: staff.role };
}
