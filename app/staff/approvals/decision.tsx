'use client';

import { zodResolver } from '@hookform/resolvers/zod';
import { AlertDialog, Dialog } from 'radix-ui';
import { ConfirmDialogContent } from '../_components/confirm-dialog';
import { useTranslations } from 'next-intl';
import { useRouter } from 'next/navigation';
import { useState, useTransition } from 'react';
import { useForm } from 'react-hook-form';
import { type RejectCompensationInput, rejectCompensationSchema } from '@/lib/compensations/schemas';
import { ActionFeedback } from '../_components/action-feedback';
import type { StaffActionState } from '../_components/staff-action';
import { StaffField } from '../_components/staff-field';
import { approveCompensationAction, rejectCompensationAction } from './actions';
import { SubmitButton } from '../_components/submit-button';

const primary = 'min-h-11 rounded bg-[var(--accent)] px-4 font-semibold text-white disabled:opacity-70';
const secondary = 'min-h-11 rounded border border-[var(--color-muted)] bg-white px-4 font-semibold disabled:opacity-70';
const panel = 'fixed left-1/2 top-1/2 w-[min(32rem,calc(100vw-2rem))] -translate-x-1/2 -translate-y-1/2 rounded-lg bg-white p-5 shadow-lg';

/** Approve (confirmed in an alert dialog) or reject with a reason (dialog), for one pending compensation. */
export function Decision({ compensationId, amount, label }: { compensationId: string; amount: string; label: string }) {
  const t = useTranslations('approvals');
  const tg = useTranslations('goodwill');
  const router = useRouter();
  const [state, setState] = useState<StaffActionState>({ ok: null });
  const [pending, startTransition] = useTransition();
  const [rejectOpen, setRejectOpen] = useState(false);
  const form = useForm<RejectCompensationInput>({ resolver: zodResolver(rejectCompensationSchema), defaultValues: { compensationId, reason: '' } });
  const run = (action: () => Promise<StaffActionState>, after?: () => void) =>
    startTransition(async () => {
      const result = await action();
      setState(result);
      if (result.ok) {
        after?.();
        router.refresh();
      }
    });
  return (
    <div className="space-y-2">
      {!rejectOpen && <ActionFeedback state={state} doneNamespace="approvals.done" />}
      <div className="flex flex-wrap gap-2">
        <AlertDialog.Root>
          <AlertDialog.Trigger asChild>
            <button type="button" className={primary} disabled={pending} aria-label={`${t('approve')}: ${label}`}>
              {t('approve')}
            </button>
          </AlertDialog.Trigger>
          <ConfirmDialogContent
            panelClassName={panel}
            confirmClassName={primary}
            cancelClassName={secondary}
            title={t('approveTitle', { amount })}
            description={t('approveIntro')}
            confirmLabel={t('confirmApprove')}
            cancelLabel={t('cancel')}
            onConfirm={() => run(() => approveCompensationAction({ compensationId }))}
          />
        </AlertDialog.Root>
        <Dialog.Root open={rejectOpen} onOpenChange={setRejectOpen}>
          <Dialog.Trigger asChild>
            <button type="button" className={secondary} disabled={pending} aria-label={`${t('reject')}: ${label}`}>
              {t('reject')}
            </button>
          </Dialog.Trigger>
          <Dialog.Portal>
            <Dialog.Overlay className="fixed inset-0 bg-black/40" />
            <Dialog.Content className={panel}>
              <Dialog.Title className="text-lg font-semibold">{t('rejectTitle')}</Dialog.Title>
              <Dialog.Description className="mt-1">{label}</Dialog.Description>
              <form noValidate className="mt-4 space-y-4" onSubmit={form.handleSubmit((values) => run(() => rejectCompensationAction(values), () => setRejectOpen(false)))}>
                <ActionFeedback state={state} doneNamespace="approvals.done" />
                <StaffField
                  id={`reject-reason-${compensationId}`}
                  label={t('rejectReason')}
                  error={form.formState.errors.reason?.message ? tg(`errors.${form.formState.errors.reason.message}` as 'errors.reasonRequired') : undefined}
                  textarea={{ ...form.register('reason'), maxLength: 1000 }}
                />
                <div className="flex flex-wrap gap-2">
                  <SubmitButton className={primary} pending={pending}>
                    {t('confirmReject')}
                  </SubmitButton>
                  <Dialog.Close asChild>
                    <button type="button" className={secondary}>
                      {t('cancel')}
                    </button>
                  </Dialog.Close>
                </div>
              </form>
            </Dialog.Content>
          </Dialog.Portal>
        </Dialog.Root>
      </div>
    </div>
  );
}
