import 'server-only';
import { getTranslations } from 'next-intl/server';
import { getDb, type Db } from '@/db';
import type { StaffActor } from '@/lib/auth/staff-session';
import { requireStaffPage } from '../../_components/require-staff-page';
import { staffLocale } from '../../_components/staff-locale';
import { can } from '@/lib/core/authorize';

/** Signed-out → login; an agent gets a message (not an error page); an admin gets the db and actor. */
export async function requireAdminPage(): Promise<{ staff: StaffActor; db: Db } | null> {
  const staff = await requireStaffPage();
  return can(staff, 'settings.manage') ? { staff, db: getDb() } : null;
}

export async function AdminOnly() {
  const t = await getTranslations({ locale: await staffLocale(), namespace: 'staffAdmin' });
  return (
    <p role="alert" data-testid="admin-only">
      {t('adminOnly')}
    </p>
  );
}
