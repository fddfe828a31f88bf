'use client';

import { zodResolver } from '@hookform/resolvers/zod';
import { useTranslations } from 'next-intl';
import { useRouter } from 'next/navigation';
import { useState, useTransition } from 'react';
import { useForm, useWatch } from 'react-hook-form';
import { derivedAmountKinds, type GoodwillInput, goodwillKinds, goodwillSchema } from '@/lib/compensations/schemas';
import { ActionFeedback } from '../../../_components/action-feedback';
import type { StaffActionState } from '../../../_components/staff-action';
import { FormRow } from '../../../_ui/form-row';
import { grantGoodwillAction } from './actions';
import { SubmitButton } from '../../../_components/submit-button';

export function GoodwillForm({ caseId }: { caseId: string }) {
  const t = useTranslations('goodwill');
  const router = useRouter();
  const [state, setState] = useState<StaffActionState>({ ok: null });
  const [pending, startTransition] = useTransition();
  const form = useForm<GoodwillInput>({ resolver: zodResolver(goodwillSchema), defaultValues: { caseId, requestKey: crypto.randomUUID(), kind: 'discount_code', amount: '', reason: '' } });
  const kind = useWatch({ control: form.control, name: 'kind' });
  const derived = derivedAmountKinds.includes(kind);
  const err = (key?: string) => (key ? t(`errors.${key}` as 'errors.amountFormat') : undefined);
  return (
    <form
      noValidate
      className="space-y-4"
      onSubmit={form.handleSubmit(
        (values) =>
          startTransition(async () => {
            // A new attempt starts without the previous answer: a fixed error does not stay next to the new one.
            setState({ ok: null });
            const result = await grantGoodwillAction(values);
            setState(result);
            if (result.ok) {
              form.reset({ caseId, requestKey: crypto.randomUUID(), kind: values.kind, amount: '', reason: '' });
              router.refresh();
            }
          }),
        () => setState({ ok: null }),
      )}
    >
      <ActionFeedback state={state} doneNamespace="goodwill" />
      <FormRow id="goodwill-kind" label={t('kind')} select={{ ...form.register('kind') }}>
        {goodwillKinds.map((k) => (
          <option key={k} value={k}>
            {t(`kinds.${k}`)}
          </option>
        ))}
      </FormRow>
      {derived ? (
        <p className="text-sm text-[var(--color-muted)]">{t('amountHint')}</p>
      ) : (
        <FormRow id="goodwill-amount" label={t('amount')} error={err(form.formState.errors.amount?.message)} input={{ ...form.register('amount'), inputMode: 'decimal', autoComplete: 'off', maxLength: 12 }} />
      )}
      <FormRow id="goodwill-reason" label={t('reason')} error={err(form.formState.errors.reason?.message)} textarea={{ ...form.register('reason'), maxLength: 1000 }} />
      <SubmitButton pending={pending} className="min-h-11 rounded bg-[var(--accent)] px-4 font-semibold text-white disabled:opacity-70">
        {t('submit')}
      </SubmitButton>
    </form>
  );
}
