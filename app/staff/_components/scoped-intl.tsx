import type { ReactNode } from 'react';
import { ScopedIntl } from '../_ui/scoped-intl';

// Every form reports through ActionFeedback, which names a refused action's reason from `staffReturns.reasons`.
const FORM_MESSAGES = {
  returns: ['staffReturns'],
  goodwill: ['goodwill', 'staffReturns.reasons'],
  csat: ['csat.staff', 'staffReturns.reasons'],
  claim: ['claimDecision', 'claims.remedies', 'staffReturns.reasons'],
  approvals: ['approvals', 'goodwill', 'staffReturns.reasons'],
} as const;

/** Client messages for one kind of desk form (return and parcel, goodwill, approvals, CSAT, claim decision). */
export function StaffFormsIntl({ form, children }: { form: keyof typeof FORM_MESSAGES; children: ReactNode }) {
  return <ScopedIntl namespaces={FORM_MESSAGES[form]}>{children}</ScopedIntl>;
}
