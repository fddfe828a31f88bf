import type { ReactNode } from 'react';
import { ScopedIntl } from '../_ui/scoped-intl';

/** Client messages for the return, goodwill, approvals and CSAT forms. */
export function StaffFormsIntl({ children }: { children: ReactNode }) {
  return <ScopedIntl namespaces={['staffReturns', 'goodwill', 'approvals', 'csat.staff', 'claimDecision', 'claims.remedies']}>{children}</ScopedIntl>;
}
