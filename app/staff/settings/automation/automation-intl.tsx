import type { ReactNode } from 'react';
import { ScopedIntl } from '../../_ui/scoped-intl';

/** Settings → Staff's routing form takes the automation messages from here. */
export function AutomationIntl({ children }: { children: ReactNode }) {
  return <ScopedIntl namespaces={['staffAdmin', 'automation', 'staff.queue']}>{children}</ScopedIntl>;
}
