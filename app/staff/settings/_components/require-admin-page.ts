import 'server-only';
import { redirect } from 'next/navigation';
import type { StaffActor } from '@/lib/auth/staff-session';
import { requireStaffPage } from '../../_components/require-staff-page';
import { can } from '@/lib/core/authorize';

/** Settings pages: the login without a session, the desk for an agent (settings are admin-only). */
export async function requireAdminPage(): Promise<StaffActor> {
  const staff = await requireStaffPage();
  if (!can(staff, 'settings.manage')) redirect('/staff?denied=settings');
  return staff;
}
