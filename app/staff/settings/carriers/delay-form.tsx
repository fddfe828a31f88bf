'use client';

import { zodResolver } from '@hookform/resolvers/zod';
import { useTranslations } from 'next-intl';
import { useRouter } from 'next/navigation';
import { useState, useTransition } from 'react';
import { useForm } from 'react-hook-form';
import { DELAY_KIND_IDS as DELAY_KINDS, type DelayKindId as DelayKind } from '@/lib/staff-admin/constants';
import { type DelayFormInput, delayFormSchema } from '@/lib/staff-admin/schemas';
import type { StaffActionState } from '../../_components/staff-action';
import { AdminFeedback, serverFieldError, useFieldError } from '../_admin/admin-feedback';
import { primaryButton } from '../../_ui/button';
import { saveDelayThresholdsAction } from './actions';
import { SubmitButton } from '../../_components/submit-button';
import { optionalNumber } from '../_components/optional-number';

const UNIT: Record<DelayKind, 'hours' | 'days' | 'daysBefore'> = {
  dispatch_late: 'hours',
  no_first_scan: 'days',
  stalled_in_transit: 'days',
  eta_breached: 'days',
  carrier_exception: 'days',
  failed_attempt: 'days',
  pickup_expiring: 'daysBefore',
};
const numberInput = 'min-h-11 w-20 rounded border border-[var(--color-muted)] bg-white px-2 aria-[invalid=true]:border-[var(--color-danger)]';

/** Thresholds per delay kind (default and per carrier) and whether notices go out automatically. */
export function DelayThresholdsForm({ values, carriers }: { values: DelayFormInput; carriers: Array<{ id: string; name: string }> }) {
  const t = useTranslations('staffAdmin.carriers');
  const fieldError = useFieldError();
  const router = useRouter();
  const [state, setState] = useState<StaffActionState>({ ok: null });
  const [pending, startTransition] = useTransition();
  const form = useForm<DelayFormInput>({ resolver: zodResolver(delayFormSchema), defaultValues: values });
  const errors = form.formState.errors;
  return (
    <form
      noValidate
      className="space-y-3"
      aria-labelledby="delays-heading"
      onSubmit={form.handleSubmit((data) =>
        startTransition(async () => {
          const result = await saveDelayThresholdsAction(data);
          setState(result);
          if (result.ok) router.refresh();
        }),
      )}
    >
      <h2 id="delays-heading" className="text-lg font-semibold">
        {t('delaysHeading')}
      </h2>
      <p>{t('delaysIntro')}</p>
      <div className="space-y-4">
        {DELAY_KINDS.map((kind) => {
          const kindName = t(`kinds.${kind}`);
          const unit = t(`units.${UNIT[kind]}`);
          const kindErrors = errors.kinds?.[kind];
          const defaultError = fieldError(kindErrors?.default?.message ?? serverFieldError(state, `kinds.${kind}.default`));
          const carrierError = fieldError(carriers.map((c) => (kindErrors?.carriers as Record<string, { message?: string }> | undefined)?.[c.id]?.message).find(Boolean) ?? serverFieldError(state, `kinds.${kind}.carriers`));
          return (
            <fieldset key={kind} className="rounded-lg border border-[var(--color-line)] bg-white p-3" data-testid={`delay-${kind}`}>
              <legend className="px-1 font-semibold">{kindName}</legend>
              <div className="flex flex-wrap items-end gap-4">
                <label className="block">
                  <span className="block text-sm">
                    {t('thresholdShort')} ({unit})
                  </span>
                  <input
                    type="number"
                    min={0}
                    step={1}
                    className={numberInput}
                    aria-label={t('threshold', { kind: kindName, unit })}
                    aria-invalid={defaultError ? true : undefined}
                    aria-describedby={defaultError ? `delay-${kind}-error` : undefined}
                    {...form.register(`kinds.${kind}.default`, { valueAsNumber: true })}
                  />
                </label>
                <label className="block">
                  <span className="block text-sm">{t('sendPolicyShort')}</span>
                  <select className={numberInput + ' w-auto'} aria-label={t('sendPolicy', { kind: kindName })} {...form.register(`kinds.${kind}.sendPolicy`)}>
                    <option value="auto">{t('policy.auto')}</option>
                    <option value="manual">{t('policy.manual')}</option>
                  </select>
                </label>
              </div>
              {defaultError && (
                <p id={`delay-${kind}-error`} className="text-sm text-[var(--color-danger)]">
                  {defaultError}
                </p>
              )}
              <p className="mt-2 text-sm">{t('perCarrier', { unit })}</p>
              <div className="flex flex-wrap gap-3">
                {carriers.map((c) => (
                  <label key={c.id} className="block text-sm">
                    <span className="block">{c.name}</span>
                    <input
                      type="number"
                      min={0}
                      step={1}
                      className={numberInput}
                      aria-label={t('carrierThreshold', { carrier: c.name, kind: kindName })}
                      {...form.register(`kinds.${kind}.carriers.${c.id}` as `kinds.dispatch_late.carriers.posti`, { setValueAs: optionalNumber })}
                    />
                  </label>
                ))}
              </div>
              {carrierError && <p className="text-sm text-[var(--color-danger)]">{carrierError}</p>}
            </fieldset>
          );
        })}
      </div>
      <AdminFeedback state={state} />
      <SubmitButton className={primaryButton} pending={pending}>
        {t('saveDelays')}
      </SubmitButton>
    </form>
  );
}
