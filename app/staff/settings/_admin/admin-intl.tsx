import type { ReactNode } from 'react';
import { ScopedIntl } from '../../_ui/scoped-intl';

/** Settings → Staff takes the admin forms' messages from here. */
export function AdminIntl({ children }: { children: ReactNode }) {
  return <ScopedIntl namespaces={['staffAdmin']}>{children}</ScopedIntl>;
}
