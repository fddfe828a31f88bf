import 'server-only';
import { redirect } from 'next/navigation';
import { getDb, type Db } from '@/db';
import type { StaffActor } from '@/lib/auth/staff-session';
import { requireStaffPage } from '../../_components/require-staff-page';
import { can } from '@/lib/core/authorize';

/**
 * Every settings page and the settings layout: signed-out → the login, an agent → the desk (which says settings are
 * for admins), an admin → the db and actor. Each page checks again: a layout does not guard its pages' data.
 */
export async function requireAdminPage(): Promise<{ staff: StaffActor; db: Db }> {
  const staff = await requireStaffPage();
  if (!can(staff, 'settings.manage')) redirect('/staff?denied=settings');
  return { staff, db: getDb() };
}
