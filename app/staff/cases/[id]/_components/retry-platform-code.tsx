'use client';

import { useTranslations } from 'next-intl';
import { useRouter } from 'next/navigation';
import { useState, useTransition } from 'react';
import type { StaffActionState } from '../../../_components/staff-action';
import { retryPlatformCodeAction } from './actions';

const button = 'min-h-11 rounded bg-[var(--color-accent,#1f6f5c)] px-4 font-semibold text-white disabled:opacity-70';

/** "Try again" on a code the shop's platform refused; says what happened (sent again, or why not). */
export function RetryPlatformCode({ compensationId, platform }: { compensationId: string; platform: string }) {
  const t = useTranslations('goodwill.platformCode');
  const tErrors = useTranslations('staff.errors');
  const router = useRouter();
  const [state, setState] = useState<StaffActionState>({ ok: null });
  const [pending, startTransition] = useTransition();
  const known = ['unauthorized', 'forbidden', 'not_found', 'invalid_state', 'unavailable'];
  const retry = () =>
    startTransition(async () => {
      const result = await retryPlatformCodeAction({ compensationId });
      setState(result);
      if (result.ok) router.refresh();
    });
  return (
    <div className="space-y-2">
      <button type="button" className={button} disabled={pending} onClick={retry} data-testid="retry-platform-code">
        {t('retry')}
      </button>
      <div aria-live="polite">
        {state.ok === true && (
          <p role="status" className="text-sm">
            {t('retried', { platform })}
          </p>
        )}
        {state.ok === false && (
          <p role="alert" className="text-sm text-[var(--color-danger)]">
            {tErrors((known.includes(state.code) ? state.code : 'generic') as never)}
          </p>
        )}
      </div>
    </div>
  );
}
