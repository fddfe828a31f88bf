'use client';

import { useTranslations } from 'next-intl';
import { useRouter } from 'next/navigation';
import { useState, useTransition } from 'react';
import type { StaffActionState } from '../../../_components/staff-action';
import { retryRefundAction } from './actions';

const button = 'min-h-11 rounded bg-[var(--color-accent,#1f6f5c)] px-4 font-semibold text-white disabled:opacity-70';

/** The "Retry refund" button of a failed refund; says what happened (sent again, or why not). */
export function RetryRefund({ refundId }: { refundId: string }) {
  const t = useTranslations('refunds.desk');
  const tErrors = useTranslations('staff.errors');
  const router = useRouter();
  const [state, setState] = useState<StaffActionState>({ ok: null });
  const [pending, startTransition] = useTransition();
  const known = ['unauthorized', 'forbidden', 'not_found', 'invalid_state', 'unavailable'];
  const retry = () =>
    startTransition(async () => {
      const result = await retryRefundAction({ refundId });
      setState(result);
      if (result.ok) router.refresh();
    });
  return (
    <div className="space-y-2">
      <button type="button" className={button} disabled={pending} onClick={retry} data-testid="retry-refund">
        {t('retry')}
      </button>
      <div aria-live="polite">
        {state.ok === true && (
          <p role="status" className="text-sm">
            {t('retried')}
          </p>
        )}
        {state.ok === false && (
          <p role="alert" className="text-sm text-[var(--color-danger)]">
            {state.reason === 'refund_exceeds_captured' || state.reason === 'refund_not_failed' ? t(`errors.${state.reason}`) : tErrors((known.includes(state.code) ? state.code : 'generic') as never)}
          </p>
        )}
      </div>
    </div>
  );
}
