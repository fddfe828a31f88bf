'use client';

import { AlertDialog } from 'radix-ui';
import { useTranslations } from 'next-intl';
import { useRouter } from 'next/navigation';
import { useState, useTransition } from 'react';
import { ConfirmDialogContent } from '../../../_components/confirm-dialog';
import type { StaffActionState } from '../../../_components/staff-action';
import { revokeTrackingLinksAction } from './revoke-links-action';

const primary = 'min-h-11 rounded bg-[var(--color-danger)] px-4 font-semibold text-white disabled:opacity-70';
const secondary = 'min-h-11 rounded border border-[var(--color-muted)] bg-white px-4 font-semibold disabled:opacity-70';
const panel = 'fixed left-1/2 top-1/2 w-[min(28rem,92vw)] -translate-x-1/2 -translate-y-1/2 rounded-lg border border-[var(--color-line)] bg-white p-4 shadow-lg';

/**
 * Revoke every tracking link of the case's order (an email went to the wrong person): asks first,
 * then says how many links it ended. The revocation appears in the case timeline.
 */
export function RevokeTrackingLinks({ caseId, orderNumber }: { caseId: string; orderNumber: string }) {
  const t = useTranslations('revokeLinks');
  const tErrors = useTranslations('staff.errors');
  const router = useRouter();
  const [state, setState] = useState<StaffActionState>({ ok: null });
  const [confirming, setConfirming] = useState(false);
  const [pending, startTransition] = useTransition();
  const revoke = () =>
    startTransition(async () => {
      const result = await revokeTrackingLinksAction({ caseId });
      setState(result);
      if (result.ok) router.refresh();
    });
  const known = ['unauthorized', 'forbidden', 'not_found', 'invalid_state', 'unavailable'];
  return (
    <section aria-labelledby="revoke-links-title" className="space-y-2 rounded-lg border border-[var(--color-line)] bg-white p-3">
      <h2 id="revoke-links-title" className="font-semibold">
        {t('title')}
      </h2>
      <p className="text-sm">{t('body', { orderNumber })}</p>
      <div aria-live="polite">
        {state.ok === true && (
          <p role="status" data-testid="revoke-links-done" className="rounded-lg border border-[var(--color-line)] bg-[var(--color-canvas)] p-3">
            {t('done', { count: Number(state.values?.count ?? 0) })}
          </p>
        )}
        {state.ok === false && (
          <p role="alert" className="rounded-lg border border-[var(--color-danger)] bg-[var(--color-danger-bg)] p-3 text-[var(--color-danger)]">
            {state.reason === 'case_without_order' ? t('noOrder') : tErrors((known.includes(state.code) ? state.code : 'generic') as never)}
          </p>
        )}
      </div>
      <button type="button" className={secondary} disabled={pending} onClick={() => setConfirming(true)}>
        {t('button')}
      </button>
      <AlertDialog.Root open={confirming} onOpenChange={setConfirming}>
        <ConfirmDialogContent
          panelClassName={panel}
          confirmClassName={primary}
          cancelClassName={secondary}
          title={t('confirmTitle', { orderNumber })}
          description={t('confirmBody')}
          confirmLabel={t('confirm')}
          cancelLabel={t('cancel')}
          onConfirm={revoke}
        />
      </AlertDialog.Root>
    </section>
  );
}
