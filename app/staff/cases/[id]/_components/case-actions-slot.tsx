import type { CaseDetail } from '@/lib/cases/case-detail';
import type { StaffActor } from '@/lib/auth/staff-session';

/**
 * Extension point for the actions of the case's type (approve / receive / refund a return,
 * goodwill …). The return-processing work renders its panels here; until then nothing shows.
 */
export async function CaseActionsSlot(_props: { detail: CaseDetail; actor: StaffActor }) {
  return null;
}
