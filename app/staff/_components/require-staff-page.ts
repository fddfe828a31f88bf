import 'server-only';
import { redirect } from 'next/navigation';
import { getStaffActor, type StaffActor } from '@/lib/auth/staff-session';

/** Pages redirect to the login; data functions and actions still check on their own. */
export async function requireStaffPage(): Promise<StaffActor> {
  const actor = await getStaffActor();
  if (!actor) redirect('/staff/login');
  return actor;
}
