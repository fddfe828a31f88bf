'use client';

import { useTranslations } from 'next-intl';
import { useRouter } from 'next/navigation';
import { useState, useTransition } from 'react';
import type { StaffActionState } from '../../../_components/staff-action';
import { DelaysFeedback } from '../../../delays/feedback';
import { issueApprovedCompensationAction } from './issue-approved-action';

/** "Issue now" for an approved compensation that waits for a person (a delay refund after a cancel). */
export function IssueApproved({ compensationId, label }: { compensationId: string; label: string }) {
  const t = useTranslations('staffDelays');
  const router = useRouter();
  const [state, setState] = useState<StaffActionState>({ ok: null });
  const [pending, startTransition] = useTransition();
  return (
    <span className="mt-1 block space-y-1">
      <DelaysFeedback state={state} />
      <button
        type="button"
        disabled={pending}
        aria-label={`${t('issue.button')}: ${label}`}
        className="min-h-11 rounded border border-[var(--color-muted)] bg-white px-3 font-semibold disabled:opacity-70"
        onClick={() =>
          startTransition(async () => {
            const result = await issueApprovedCompensationAction({ compensationId });
            setState(result);
            if (result.ok) router.refresh();
          })
        }
      >
        {t('issue.button')}
      </button>
    </span>
  );
}
