'use client';

import { zodResolver } from '@hookform/resolvers/zod';
import { AlertDialog } from 'radix-ui';
import { ConfirmDialogContent } from '../_ui/confirm-dialog';
import { useTranslations } from 'next-intl';
import { useRouter } from 'next/navigation';
import { useState, useTransition } from 'react';
import { useForm } from 'react-hook-form';
import { type RejectCompensationInput, rejectCompensationSchema } from '@/lib/compensations/schemas';
import { ActionFeedback } from '../_components/action-feedback';
import type { StaffActionState } from '../_components/staff-action';
import { FormRow } from '../_ui/form-row';
import { approveCompensationAction, rejectCompensationAction } from './actions';
import { SubmitButton } from '../_components/submit-button';
import { primaryButton, secondaryButton } from '../_ui/button';
import { Dialog, DialogClose } from '../_ui/dialog';


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
            <button type="button" className={primaryButton} disabled={pending} aria-label={`${t('approve')}: ${label}`}>
              {t('approve')}
            </button>
          </AlertDialog.Trigger>
          <ConfirmDialogContent
            title={t('approveTitle', { amount })}
            description={t('approveIntro')}
            confirmLabel={t('confirmApprove')}
            cancelLabel={t('cancel')}
            onConfirm={() => run(() => approveCompensationAction({ compensationId }))}
          />
        </AlertDialog.Root>
        <Dialog
          open={rejectOpen}
          onOpenChange={setRejectOpen}
          trigger={
            <button type="button" className={secondaryButton} disabled={pending} aria-label={`${t('reject')}: ${label}`}>
              {t('reject')}
            </button>
          }
          title={t('rejectTitle')}
          description={label}
        >
          <form noValidate className="mt-4 space-y-4" onSubmit={form.handleSubmit((values) => run(() => rejectCompensationAction(values), () => setRejectOpen(false)))}>
            <ActionFeedback state={state} doneNamespace="approvals.done" />
            <FormRow
              id={`reject-reason-${compensationId}`}
              label={t('rejectReason')}
              error={form.formState.errors.reason?.message ? tg(`errors.${form.formState.errors.reason.message}` as 'errors.reasonRequired') : undefined}
              textarea={{ ...form.register('reason'), maxLength: 1000 }}
            />
            <div className="flex flex-wrap gap-2">
              <SubmitButton className={primaryButton} pending={pending}>
                {t('confirmReject')}
              </SubmitButton>
              <DialogClose asChild>
                <button type="button" className={secondaryButton}>
                  {t('cancel')}
                </button>
              </DialogClose>
            </div>
          </form>
        </Dialog>
      </div>
    </div>
  );
}
