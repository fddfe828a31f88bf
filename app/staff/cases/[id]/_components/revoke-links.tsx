'use client';

import { AlertDialog } from 'radix-ui';
import { useTranslations } from 'next-intl';
import { useState } from 'react';
import { useStaffAction } from '../../../_components/use-staff-action';
import { secondaryButton } from '../../../_ui/button';
import { Card } from '../../../_ui/card';
import { ConfirmDialogContent } from '../../../_ui/confirm-dialog';
import { Feedback } from '../../../_ui/feedback';
import { revokeTrackingLinksAction } from './revoke-links-action';

/** The confirm button in the danger colour: the links stop working for whoever holds them. */
const dangerButton = 'min-h-11 rounded bg-[var(--color-danger)] px-4 font-semibold text-white disabled:opacity-70';

/**
 * Revoke every tracking link of the case's order (an email went to the wrong person): asks first,
 * then says how many links it ended. The revocation appears in the case timeline.
 */
export function RevokeTrackingLinks({ caseId, orderNumber }: { caseId: string; orderNumber: string }) {
  const t = useTranslations('revokeLinks');
  const { state, pending, run } = useStaffAction();
  const [confirming, setConfirming] = useState(false);
  return (
    <Card compact title={t('title')}>
      <p className="text-sm">{t('body', { orderNumber })}</p>
      <Feedback
        state={
          state.ok === true
            ? { ok: true, message: t('done', { count: Number(state.values?.count ?? 0) }) }
            : state.ok === false
              ? { ok: false, code: state.code, message: state.reason === 'case_without_order' ? t('noOrder') : undefined }
              : state
        }
      />
      <button type="button" className={secondaryButton} disabled={pending} onClick={() => setConfirming(true)}>
        {t('button')}
      </button>
      <AlertDialog.Root open={confirming} onOpenChange={setConfirming}>
        <ConfirmDialogContent
          confirmClassName={dangerButton}
          title={t('confirmTitle', { orderNumber })}
          description={t('confirmBody')}
          confirmLabel={t('confirm')}
          cancelLabel={t('cancel')}
          onConfirm={() => run(() => revokeTrackingLinksAction({ caseId }))}
        />
      </AlertDialog.Root>
    </Card>
  );
}
