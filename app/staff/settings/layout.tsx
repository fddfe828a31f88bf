import type { ReactNode } from 'react';
import { ScopedIntl } from '../_ui/scoped-intl';
import { requireAdminPage } from './_admin/require-admin-page';
import { SettingsNav } from './_components/settings-nav';

/**
 * The admin-only settings shell: section nav beside the section. Each page and action checks the
 * role again (a layout does not guard its pages' data).
 */
export default async function SettingsLayout({ children }: { children: ReactNode }) {
  // An agent is sent back to the desk, which says settings are for admins.
  await requireAdminPage();
  return (
    <ScopedIntl namespaces={['staffSettings', 'shipNow.policy']}>
      <div className="flex flex-col gap-6 md:flex-row">
        <SettingsNav />
        <div className="min-w-0 flex-1 space-y-6">{children}</div>
      </div>
    </ScopedIntl>
  );
}
