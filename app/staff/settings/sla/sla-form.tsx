'use client';

import { zodResolver } from '@hookform/resolvers/zod';
import { useTranslations } from 'next-intl';
import { useRouter } from 'next/navigation';
import { useState, useTransition } from 'react';
import { Controller, useForm, type UseFormRegisterReturn, useWatch } from 'react-hook-form';
import { type SlaForm, type SlaFormInput, slaFormSchema, WEEKDAYS } from '@/lib/staff-admin/schemas';
import { CASE_TYPES } from '@/lib/staff-admin/constants';
import type { StaffActionState } from '../../_components/staff-action';
import { FormRow } from '../../_ui/form-row';
import { AdminFeedback, serverFieldError, useFieldError } from '../_admin/admin-feedback';
import { primaryButton } from '../../_ui/button';
import { saveSlaAction } from './actions';
import { SubmitButton } from '../../_components/submit-button';
import { optionalNumber } from '../_components/optional-number';

const hoursInput = 'min-h-11 w-24 rounded border border-[var(--color-muted)] bg-white px-2 aria-[invalid=true]:border-[var(--color-danger)]';
/** The first message of an array field's per-item errors. */
function firstItemError(errors: unknown): string | undefined {
  if (!errors || typeof errors !== 'object') return undefined;
  for (const item of Object.values(errors)) if (item && typeof item === 'object' && 'message' in item && typeof item.message === 'string') return item.message;
  return undefined;
}

/** One per-type target cell: an optional number of business hours with its own error line. */
function HoursCell({ id, label, error, register }: { id: string; label: string; error?: string; register: UseFormRegisterReturn }) {
  return (
    <td className="p-2">
      <input type="number" step="any" min={0} inputMode="decimal" className={hoursInput} aria-label={label} aria-invalid={error ? true : undefined} aria-describedby={error ? `${id}-error` : undefined} {...register} />
      {error && (
        <p id={`${id}-error`} className="text-sm text-[var(--color-danger)]">
          {error}
        </p>
      )}
    </td>
  );
}

export function SlaSettingsForm({ values, timeZones }: { values: SlaForm; timeZones: string[] }) {
  const t = useTranslations('staffAdmin.sla');
  const ta = useTranslations('staffAdmin');
  const fieldError = useFieldError();
  const router = useRouter();
  const [state, setState] = useState<StaffActionState>({ ok: null });
  const [pending, startTransition] = useTransition();
  const [datesText, setDatesText] = useState(values.closedDates.join('\n'));
  const form = useForm<SlaFormInput, unknown, SlaForm>({ resolver: zodResolver(slaFormSchema), defaultValues: values });
  const errors = form.formState.errors;
  const err = (path: string, client?: string) => fieldError(client ?? serverFieldError(state, path));
  const submit = form.handleSubmit((data) =>
    startTransition(async () => {
      const result = await saveSlaAction(data);
      setState(result);
      if (result.ok) router.refresh();
    }),
  );
  const hoursOpen = useWatch({ control: form.control, name: 'hours' });
  const hoursError = fieldError(errors.hours?.message ?? (state.ok === false ? state.fieldErrors?.hours?.[0] : undefined));
  return (
    <form noValidate onSubmit={submit} className="space-y-6" aria-label={t('title')}>
      <section aria-labelledby="sla-targets" className="space-y-3">
        <h2 id="sla-targets" className="text-lg font-semibold">
          {t('targetsHeading')}
        </h2>
        <p className="text-sm text-[var(--color-muted)]">{t('targetsIntro')}</p>
        <div className="grid gap-4 sm:grid-cols-2">
          <FormRow id="sla-first" label={t('firstResponse')} error={err('firstResponseHours', errors.firstResponseHours?.message)} input={{ type: 'number', step: 'any', min: 0, inputMode: 'decimal', ...form.register('firstResponseHours', { valueAsNumber: true }) }} />
          <FormRow id="sla-resolution" label={t('resolution')} error={err('resolutionHours', errors.resolutionHours?.message)} input={{ type: 'number', step: 'any', min: 0, inputMode: 'decimal', ...form.register('resolutionHours', { valueAsNumber: true }) }} />
        </div>
        <div className="overflow-x-auto rounded-lg border border-[var(--color-line)] bg-white" tabIndex={0} role="region" aria-labelledby="sla-targets">
          <table className="w-full text-left text-sm">
            <thead>
              <tr className="border-b border-[var(--color-line)]">
                <th scope="col" className="p-2">{t('caseType')}</th>
                <th scope="col" className="p-2">{t('firstResponse')}</th>
                <th scope="col" className="p-2">{t('resolution')}</th>
              </tr>
            </thead>
            <tbody>
              {CASE_TYPES.map((type) => {
                const typeName = t(`types.${type}`);
                const e1 = err(`byType.${type}.firstResponseHours`, errors.byType?.[type]?.firstResponseHours?.message);
                const e2 = err(`byType.${type}.resolutionHours`, errors.byType?.[type]?.resolutionHours?.message);
                return (
                  <tr key={type} className="border-b border-[var(--color-line)] align-top">
                    <th scope="row" className="p-2 font-normal">{typeName}</th>
                    <HoursCell id={`sla-${type}-first`} label={t('firstResponseFor', { type: typeName })} error={e1} register={form.register(`byType.${type}.firstResponseHours`, { setValueAs: optionalNumber })} />
                    <HoursCell id={`sla-${type}-resolution`} label={t('resolutionFor', { type: typeName })} error={e2} register={form.register(`byType.${type}.resolutionHours`, { setValueAs: optionalNumber })} />
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
        <p className="text-sm">{t('priorityNote')}</p>
        <FormRow id="sla-warn" label={t('warnPercent')} error={err('warnPercent', errors.warnPercent?.message)} input={{ type: 'number', min: 0, max: 100, step: 1, ...form.register('warnPercent', { valueAsNumber: true }) }} />
      </section>
      <section aria-labelledby="sla-calendar" className="space-y-3">
        <h2 id="sla-calendar" className="text-lg font-semibold">
          {t('calendarHeading')}
        </h2>
        <div className="grid gap-4 sm:grid-cols-2">
          <FormRow id="sla-tz" label={t('timeZone')} error={err('timeZone', errors.timeZone?.message)} select={form.register('timeZone')}>
            {timeZones.map((zone) => (
              <option key={zone} value={zone}>
                {zone}
              </option>
            ))}
          </FormRow>
          <FormRow id="sla-country" label={t('country')} error={err('country', errors.country?.message)} select={form.register('country')}>
            {(['FI', 'SE', 'NO', 'DK'] as const).map((c) => (
              <option key={c} value={c}>
                {t(`countries.${c}`)}
              </option>
            ))}
          </FormRow>
        </div>
        <fieldset className="space-y-2">
          <legend className="font-medium">{t('hoursHeading')}</legend>
          {hoursError && (
            <p className="text-sm text-[var(--color-danger)]" role="alert">
              {hoursError}
            </p>
          )}
          {WEEKDAYS.map((d) => {
            const day = t(`weekdays.${d}`);
            const toError = err(`hours.${d}.to`, errors.hours?.[d]?.to?.message ?? errors.hours?.[d]?.from?.message);
            return (
              <div key={d} className="flex flex-wrap items-center gap-3">
                <label className="flex min-h-11 w-40 items-center gap-2">
                  <input type="checkbox" className="h-5 w-5" {...form.register(`hours.${d}.open`)} />
                  {t('openOn', { day })}
                </label>
                <label className="flex items-center gap-2">
                  <span className="sr-only">{t('opensOn', { day })}</span>
                  <span aria-hidden="true">{t('opens')}</span>
                  <input type="time" className={hoursInput + ' w-32'} disabled={!hoursOpen?.[d]?.open} {...form.register(`hours.${d}.from`)} />
                </label>
                <label className="flex items-center gap-2">
                  <span className="sr-only">{t('closesOn', { day })}</span>
                  <span aria-hidden="true">{t('closes')}</span>
                  <input
                    type="time"
                    className={hoursInput + ' w-32'}
                    disabled={!hoursOpen?.[d]?.open}
                    aria-invalid={toError ? true : undefined}
                    aria-describedby={toError ? `sla-hours-${d}-error` : undefined}
                    {...form.register(`hours.${d}.to`)}
                  />
                </label>
                {toError && (
                  <p id={`sla-hours-${d}-error`} className="text-sm text-[var(--color-danger)]">
                    {toError}
                  </p>
                )}
              </div>
            );
          })}
        </fieldset>
        <Controller
          control={form.control}
          name="closedDates"
          render={({ field, fieldState }) => (
            <FormRow
              id="sla-closed"
              label={t('closedDates')}
              hint={t('closedDatesHint')}
              error={err('closedDates', fieldState.error?.message ?? firstItemError(errors.closedDates))}
              textarea={{
                value: datesText,
                rows: 4,
                onBlur: field.onBlur,
                onChange: (e) => {
                  setDatesText(e.target.value);
                  field.onChange(e.target.value.split(/[\s,]+/).filter(Boolean));
                },
              }}
            />
          )}
        />
      </section>
      <AdminFeedback state={state} />
      <SubmitButton className={primaryButton} pending={pending}>
        {pending ? ta('saving') : t('submit')}
      </SubmitButton>
    </form>
  );
}
