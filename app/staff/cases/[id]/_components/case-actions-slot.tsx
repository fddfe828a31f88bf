import type { StaffActor } from '@/lib/auth/staff-session';
import type { CaseDetail } from '@/lib/cases/case-detail';
import { CsatPanel } from './csat-panel';
import { GoodwillPanel } from './goodwill-panel';
import { ReturnPanel } from './return-panel';

/**
 * The actions of the case's type beside the conversation: processing its return (approve, receive,
 * inspect, refund / credit / exchange), goodwill within the agent's limit, and the satisfaction survey.
 * Each panel checks the staff session itself.
 */
export async function CaseActionsSlot({ detail }: { detail: CaseDetail; actor: StaffActor }) {
  const c = detail.case;
  return (
    <>
      {c.returnId && <ReturnPanel returnId={c.returnId} />}
      <GoodwillPanel caseId={c.id} orderId={detail.order?.id ?? null} />
      <CsatPanel caseId={c.id} caseStatus={c.status} />
    </>
  );
}
