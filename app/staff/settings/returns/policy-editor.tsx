'use client';

import { zodResolver } from '@hookform/resolvers/zod';
import { useLocale, useTranslations } from 'next-intl';
import { useRouter } from 'next/navigation';
import { useState, useTransition } from 'react';
import { useFieldArray, useForm, useWatch } from 'react-hook-form';
import { type Locale, locales } from '@/lib/i18n/locales';
import { emptyReason, policyResolutions, type ReturnPolicyForm, type ReturnPolicyInput, returnPolicyInputSchema } from '@/lib/returns/policy-schemas';
import { FormRow } from '../../_ui/form-row';
import { previewReturnPolicyAction, type PolicyPreviewView, saveReturnPolicyAction } from '../actions';
import { applyServerErrors, errorAt } from '../_components/field-error';
import { Feedback, type Outcome } from '../../_ui/feedback';
import { SubmitButton } from '../../_components/submit-button';
import { Card } from '../../_ui/card';
import { Cell, DataTable, Row } from '../../_ui/data-table';
import { primaryButton, secondaryButton } from '../../_ui/button';

const check = 'flex min-h-11 items-center gap-2';


/** The return policy editor: rules, fees per market, the reason tree — and a preview on a real order before saving. */
export function PolicyEditor({ initial, sampleOrderNumber, moneyFormat }: { initial: ReturnPolicyInput; sampleOrderNumber: string | null; moneyFormat: string }) {
  const t = useTranslations('staffSettings');
  const tShip = useTranslations('shipNow');
  const locale = useLocale() as Locale;
  // A reason is named in the staff member's language, else in English or Finnish (one of them is required).
  const reasonName = (labels: Partial<Record<Locale, string>> | undefined) => labels?.[locale] || labels?.en || labels?.fi;
  const router = useRouter();
  const [feedback, setFeedback] = useState<Outcome>({ ok: null });
  const [pending, startTransition] = useTransition();
  const [previewOrder, setPreviewOrder] = useState(sampleOrderNumber ?? '');
  const [preview, setPreview] = useState<PolicyPreviewView | null>(null);
  const [previewError, setPreviewError] = useState<string | null>(null);
  const form = useForm<ReturnPolicyForm, unknown, ReturnPolicyInput>({ resolver: zodResolver(returnPolicyInputSchema), defaultValues: initial, mode: 'onSubmit' });
  const { register, control, formState, handleSubmit, setError } = form;
  const fees = useFieldArray({ control, name: 'fees' });
  const reasons = useFieldArray({ control, name: 'reasons' });
  const err = (path: string) => {
    const key = errorAt(formState.errors, path);
    return key ? (t.has(`errors.${key}` as never) ? t(`errors.${key}` as never) : t('errors.invalid')) : undefined;
  };
  const watched = useWatch({ control, name: 'reasons' }) ?? [];
  const groups = watched.filter((r) => r.group && !r.parent && r.code);

  const save = handleSubmit((values) =>
    startTransition(async () => {
      const result = await saveReturnPolicyAction(values);
      if (result.ok) {
        setFeedback({ ok: true, message: t('returns.saved') });
        router.refresh();
      } else {
        applyServerErrors(setError, result.fieldErrors);
        setFeedback({ ok: false, code: result.code });
      }
    }),
  () => setFeedback({ ok: false, code: 'invalid_input' }));

  const runPreview = handleSubmit((values) =>
    startTransition(async () => {
      const result = await previewReturnPolicyAction({ policy: values, orderNumber: previewOrder });
      if (result.ok && result.data) {
        setPreview(result.data);
        setPreviewError(null);
      } else {
        setPreview(null);
        setPreviewError(result.ok ? null : result.code === 'not_found' ? t('returns.previewNotFound') : result.code === 'invalid_input' ? t('returns.previewInvalid') : t('errors.invalid'));
      }
    }),
  () => setPreviewError(t('returns.previewInvalid')));

  const money = (minor: number, currency: string) => new Intl.NumberFormat(moneyFormat, { style: 'currency', currency }).format(minor / 100);

  return (
    <form onSubmit={save} noValidate className="space-y-4">
      <Card title={t('returns.rules')}>
        <FormRow id="policy-name" label={t('returns.name')} hint={t('returns.nameHint')} error={err('name')} input={{ ...register('name') }} />
        <div className="grid gap-3 sm:grid-cols-3">
          <FormRow id="policy-window" label={t('returns.windowDays')} hint={t('returns.windowHint')} error={err('windowDays')} input={{ type: 'number', inputMode: 'numeric', ...register('windowDays', { valueAsNumber: true }) }} />
          <FormRow id="policy-bonus" label={t('returns.bonus')} hint={t('returns.bonusHint')} error={err('exchangeBonusPercent')} input={{ type: 'number', inputMode: 'numeric', ...register('exchangeBonusPercent', { valueAsNumber: true }) }} />
          <FormRow id="policy-max-open" label={t('returns.maxOpen')} error={err('maxOpenReturnsPerOrder')} input={{ type: 'number', inputMode: 'numeric', ...register('maxOpenReturnsPerOrder', { valueAsNumber: true }) }} />
        </div>
        <label className={check}>
          <input type="checkbox" className="h-5 w-5" {...register('finalSaleReturnable')} />
          {t('returns.finalSale')}
        </label>
      </Card>

      <Card title={tShip('policy.title')} testId="policy-ship-now">
        <p className="text-sm text-[var(--color-muted)]">{tShip('policy.hint')}</p>
        <label className={check}>
          <input type="checkbox" className="h-5 w-5" {...register('shipExchangeNow')} />
          {tShip('policy.enable')}
        </label>
        <div className="grid gap-3 sm:grid-cols-2">
          <FormRow id="policy-ship-now-days" label={tShip('policy.days')} hint={tShip('policy.daysHint')} error={err('shipNowChargeAfterDays')} input={{ type: 'number', inputMode: 'numeric', ...register('shipNowChargeAfterDays', { valueAsNumber: true }) }} />
          <FormRow
            id="policy-ship-now-max"
            label={tShip('policy.maxOrderValue')}
            hint={tShip('policy.maxOrderValueHint')}
            error={err('shipNowMaxOrderValue')}
            input={{ type: 'number', step: '0.01', inputMode: 'decimal', ...register('shipNowMaxOrderValue', { setValueAs: (v: unknown) => (v === '' || v === null || v === undefined ? null : Number(v)) }) }}
          />
        </div>
      </Card>

      <Card title={t('returns.fees')}>
        <p className="text-sm text-[var(--color-muted)]">{t('returns.feesHint')}</p>
        {fees.fields.map((field, i) => (
          <fieldset key={field.id} className="grid items-end gap-2 sm:grid-cols-[1fr_1fr_1fr_auto]" data-testid="fee-row">
            <legend className="sr-only">{t('returns.feeLegend', { n: i + 1 })}</legend>
            <FormRow id={`fee-${i}-market`} label={t('returns.market')} error={err(`fees.${i}.market`)} input={{ maxLength: 2, ...register(`fees.${i}.market`) }} />
            <FormRow id={`fee-${i}-amount`} label={t('returns.feeAmount')} error={err(`fees.${i}.amount`)} input={{ type: 'number', step: '0.01', inputMode: 'decimal', ...register(`fees.${i}.amount`, { valueAsNumber: true }) }} />
            <FormRow id={`fee-${i}-currency`} label={t('returns.currency')} error={err(`fees.${i}.currency`)} input={{ maxLength: 3, ...register(`fees.${i}.currency`) }} />
            <button type="button" className={secondaryButton} onClick={() => fees.remove(i)}>
              {t('returns.remove')}
            </button>
          </fieldset>
        ))}
        <button type="button" className={secondaryButton} onClick={() => fees.append({ market: '', amount: 0, currency: 'EUR' })}>
          {t('returns.addMarket')}
        </button>
      </Card>

      <Card title={t('returns.reasons')}>
        <p className="text-sm text-[var(--color-muted)]">{t('returns.reasonsHint')}</p>
        {err('reasons') && (
          <p role="alert" className="text-sm text-[var(--color-danger)]">
            {err('reasons')}
          </p>
        )}
        {reasons.fields.map((field, i) => {
          const current = watched[i];
          const isGroup = current?.group;
          return (
            <fieldset key={field.id} className="space-y-2 rounded border border-[var(--color-line)] p-3" data-testid="reason-row">
              <legend className="px-1 font-semibold">{reasonName(current?.labels) || current?.code || t('returns.newReason')}</legend>
              <div className="grid gap-2 sm:grid-cols-3">
                <FormRow id={`reason-${i}-code`} label={t('returns.code')} hint={t('returns.codeHint')} error={err(`reasons.${i}.code`)} input={{ ...register(`reasons.${i}.code`) }} />
                <FormRow id={`reason-${i}-parent`} label={t('returns.parent')} error={err(`reasons.${i}.parent`)} select={{ ...register(`reasons.${i}.parent`) }}>
                  <option value="">{t('returns.topLevel')}</option>
                  {groups
                    .filter((g) => g.code !== current?.code)
                    .map((g) => (
                      <option key={g.code} value={g.code}>
                        {reasonName(g.labels) || g.code}
                      </option>
                    ))}
                </FormRow>
                <div>
                  <label className={check}>
                    <input type="checkbox" className="h-5 w-5" {...register(`reasons.${i}.group`)} aria-describedby={err(`reasons.${i}.group`) ? `reason-${i}-group-error` : undefined} />
                    {t('returns.isGroup')}
                  </label>
                  {err(`reasons.${i}.group`) && (
                    <p id={`reason-${i}-group-error`} className="text-sm text-[var(--color-danger)]">
                      {err(`reasons.${i}.group`)}
                    </p>
                  )}
                </div>
              </div>
              <div className="grid gap-2 sm:grid-cols-5">
                {locales.map((l) => (
                  <FormRow key={l} id={`reason-${i}-label-${l}`} label={t('returns.label', { language: t(`languages.${l}`) })} error={err(`reasons.${i}.labels.${l}`)} input={{ ...register(`reasons.${i}.labels.${l}`) }} />
                ))}
              </div>
              {!isGroup && (
                <div className="flex flex-wrap gap-x-6">
                  <label className={check}>
                    <input type="checkbox" className="h-5 w-5" {...register(`reasons.${i}.photoRequired`)} />
                    {t('returns.photoRequired')}
                  </label>
                  <label className={check}>
                    <input type="checkbox" className="h-5 w-5" {...register(`reasons.${i}.feeWaived`)} />
                    {t('returns.feeWaived')}
                  </label>
                  <label className={check}>
                    <input type="checkbox" className="h-5 w-5" {...register(`reasons.${i}.autoApprove`)} />
                    {t('returns.autoApprove')}
                  </label>
                  <FormRow
                    id={`reason-${i}-damaged-deduction`}
                    label={t('returns.damagedDeduction')}
                    hint={t('returns.damagedDeductionHint')}
                    error={err(`reasons.${i}.damagedDeductionPercent`)}
                    input={{ type: 'number', inputMode: 'numeric', min: 0, max: 100, ...register(`reasons.${i}.damagedDeductionPercent`, { valueAsNumber: true }) }}
                  />
                  <fieldset className="flex flex-wrap gap-x-4" aria-describedby={err(`reasons.${i}.resolutions`) ? `reason-${i}-res-error` : undefined}>
                    <legend className="sr-only">{t('returns.resolutions')}</legend>
                    <span aria-hidden="true" className="self-center font-medium">
                      {t('returns.resolutions')}:
                    </span>
                    {policyResolutions.map((r) => (
                      <label key={r} className={check}>
                        <input type="checkbox" className="h-5 w-5" value={r} {...register(`reasons.${i}.resolutions`)} />
                        {t(`resolutions.${r}`)}
                      </label>
                    ))}
                  </fieldset>
                  {err(`reasons.${i}.resolutions`) && (
                    <p id={`reason-${i}-res-error`} className="w-full text-sm text-[var(--color-danger)]">
                      {err(`reasons.${i}.resolutions`)}
                    </p>
                  )}
                </div>
              )}
              <button type="button" className={secondaryButton} onClick={() => reasons.remove(i)}>
                {t('returns.removeReason')}
              </button>
            </fieldset>
          );
        })}
        <button type="button" className={secondaryButton} onClick={() => reasons.append(emptyReason())}>
          {t('returns.addReason')}
        </button>
      </Card>

      <Card title={t('returns.preview')}>
        <p className="text-sm text-[var(--color-muted)]">{t('returns.previewHint')}</p>
        <div className="flex flex-wrap items-end gap-2">
          <div className="min-w-56">
            <FormRow id="preview-order" label={t('returns.previewOrder')} input={{ value: previewOrder, onChange: (e) => setPreviewOrder(e.target.value) }} />
          </div>
          <button type="button" className={secondaryButton} disabled={pending} onClick={() => void runPreview()}>
            {t('returns.runPreview')}
          </button>
        </div>
        <div aria-live="polite">
          {previewError && (
            <p role="alert" className="text-[var(--color-danger)]">
              {previewError}
            </p>
          )}
          {preview && (
            <div className="space-y-2" data-testid="policy-preview">
              <p>
                {t('returns.previewSummary', {
                  order: preview.orderNumber,
                  market: preview.market,
                  fee: money(preview.marketFee, preview.currency),
                  bonus: preview.bonusPercent,
                })}
              </p>
              {preview.orderWhy && <p className="font-semibold">{preview.orderWhy}</p>}
              <DataTable caption={t('returns.previewLines')} columns={[t('returns.item'), t('returns.returnable'), t('returns.deadline'), t('returns.whyNot')]}>
                    {preview.lines.map((line, i) => (
                      <Row key={i} data-testid="preview-line">
                        <Cell>{[line.title, ...Object.values(line.options)].join(', ')}</Cell>
                        <Cell>{t('returns.ofQuantity', { n: line.returnableQuantity, of: line.quantity })}</Cell>
                        <Cell>{line.deadline ?? '—'}</Cell>
                        <Cell>{line.why ?? t('returns.allowed')}</Cell>
                      </Row>
                    ))}
                  </DataTable>
              <h3 className="font-semibold">{t('returns.previewReasons')}</h3>
              <ul className="list-disc pl-5 text-sm" data-testid="preview-reasons">
                {preview.reasons.map((r) => (
                  <li key={r.code}>
                    {r.label}: {r.resolutions.map((x) => t(`resolutions.${x}`)).join(', ')}
                    {r.photoRequired && ` · ${t('returns.photoRequired')}`}
                    {r.feeWaived && ` · ${t('returns.feeWaived')}`}
                    {r.autoApprove && ` · ${t('returns.autoApprove')}`}
                  </li>
                ))}
              </ul>
            </div>
          )}
        </div>
      </Card>

      <Feedback state={feedback} />
      <SubmitButton className={primaryButton} pending={pending}>
        {t('returns.save')}
      </SubmitButton>
    </form>
  );
}
