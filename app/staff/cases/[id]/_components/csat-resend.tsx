'use client';

import { useTranslations } from 'next-intl';
import { useRouter } from 'next/navigation';
import { useState, useTransition } from 'react';
import { ActionFeedback } from '../../../_components/action-feedback';
import type { StaffActionState } from '../../../_components/staff-action';
import { resendCsatAction } from './actions';

export function CsatResendButton({ caseId }: { caseId: string }) {
  const t = useTranslations('csat.staff');
  const router = useRouter();
  const [state, setState] = useState<StaffActionState>({ ok: null });
  const [pending, startTransition] = useTransition();
  return (
    <div className="space-y-2">
      <ActionFeedback state={state} doneNamespace="csat.staff" />
      <button
        type="button"
        disabled={pending}
        className="min-h-11 rounded border border-[var(--color-muted)] bg-white px-4 font-semibold disabled:opacity-70"
        onClick={() =>
          startTransition(async () => {
            const result = await resendCsatAction({ caseId });
            setState(result);
            if (result.ok) router.refresh();
          })
        }
      >
        {t('resend')}
      </button>
    </div>
  );
}
