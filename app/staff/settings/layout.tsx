import type { ReactNode } from 'react';
import { requireAdminPage } from './_components/require-admin-page';
import { SettingsIntl } from './_components/settings-intl';
import { SettingsNav } from './_components/settings-nav';

/**
 * The admin-only settings shell: section nav beside the section. Each page and action checks the
 * role again (a layout does not guard its pages' data).
 */
export default async function SettingsLayout({ children }: { children: ReactNode }) {
  await requireAdminPage();
  return (
    <SettingsIntl>
      <div className="flex flex-col gap-6 md:flex-row">
        <SettingsNav />
        <div className="min-w-0 flex-1 space-y-6">{children}</div>
      </div>
    </SettingsIntl>
  );
}
