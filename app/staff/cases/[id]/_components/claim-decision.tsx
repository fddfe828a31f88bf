'use client';

import { zodResolver } from '@hookform/resolvers/zod';
import { useTranslations } from 'next-intl';
import { useRouter } from 'next/navigation';
import { useState, useTransition } from 'react';
import { useForm, useWatch } from 'react-hook-form';
import { claimOutcomeRemedies, type DecideClaimInput, decideClaimSchema } from '@/lib/claims/schemas';
import { ActionFeedback } from '../../../_components/action-feedback';
import type { StaffActionState } from '../../../_components/staff-action';
import { FormRow } from '../../../_ui/form-row';
import { SubmitButton } from '../../../_components/submit-button';
import { decideClaimAction } from './actions';

/** Answer an open claim: accept with what the customer gets (their request preselected), or decline with why. */
export function ClaimDecision({ claimId, requested }: { claimId: string; requested: string }) {
  const t = useTranslations('claimDecision');
  const tRemedy = useTranslations('claims.remedies');
  const router = useRouter();
  const [state, setState] = useState<StaffActionState>({ ok: null });
  const [pending, startTransition] = useTransition();
  const preselected = (claimOutcomeRemedies as readonly string[]).includes(requested) ? (requested as DecideClaimInput['remedy']) : null;
  const form = useForm<DecideClaimInput>({
    resolver: zodResolver(decideClaimSchema) as never,
    defaultValues: { claimId, decision: 'approved', remedy: preselected, message: '' },
  });
  const decision = useWatch({ control: form.control, name: 'decision' });
  const { errors } = form.formState;
  const err = (key?: string) => (key ? t(`errors.${key}` as 'errors.remedyRequired') : undefined);
  return (
    <form
      noValidate
      aria-label={t('title')}
      data-testid="claim-decision"
      className="mt-3 space-y-3 border-t border-[var(--color-line)] pt-3"
      onSubmit={form.handleSubmit((values) =>
        startTransition(async () => {
          setState({ ok: null });
          const result = await decideClaimAction(values);
          setState(result);
          if (result.ok) router.refresh();
        }),
      )}
    >
      <h3 className="font-semibold">{t('title')}</h3>
      <ActionFeedback state={state} doneNamespace="claimDecision.done" />
      <fieldset>
        <legend className="font-medium">{t('decision')}</legend>
        <div className="flex flex-wrap gap-4">
          {(['approved', 'rejected'] as const).map((d) => (
            <label key={d} className="flex min-h-11 items-center gap-2">
              <input type="radio" value={d} {...form.register('decision')} />
              {d === 'approved' ? t('approve') : t('reject')}
            </label>
          ))}
        </div>
      </fieldset>
      {decision === 'approved' && (
        <FormRow
          id={`claim-remedy-${claimId}`}
          label={t('remedy')}
          error={err(errors.remedy?.message)}
          select={{ ...form.register('remedy', { setValueAs: (v: string) => v || null }) }}
        >
          <option value="">–</option>
          {claimOutcomeRemedies.map((r) => (
            <option key={r} value={r}>
              {tRemedy(r)}
            </option>
          ))}
        </FormRow>
      )}
      <FormRow
        id={`claim-message-${claimId}`}
        label={t('message')}
        hint={t('messageHint')}
        error={err(errors.message?.message)}
        textarea={{ ...form.register('message'), maxLength: 2000 }}
      />
      <SubmitButton pending={pending} pendingLabel={t('sending')}>
        {t('submit')}
      </SubmitButton>
    </form>
  );
}
