'use client';

import { zodResolver } from '@hookform/resolvers/zod';
import { useTranslations } from 'next-intl';
import { useState, useTransition } from 'react';
import { useForm } from 'react-hook-form';
import { RETENTION_KEYS, type RetentionInput, type RetentionSettings, retentionSettingsSchema } from '@/lib/privacy/retention-schema';
import { FormRow } from '../../_ui/form-row';
import { saveRetentionAction } from './actions';
import { SubmitButton } from '../../_components/submit-button';
import { Card } from '../../_ui/card';

const UNITS: Record<keyof RetentionSettings, 'days' | 'months' | 'years'> = {
  photosDays: 'days',
  orderPersonalYears: 'years',
  caseMessagesMonths: 'months',
  outboxBodiesDays: 'days',
  webhookPayloadsDays: 'days',
  trackingLinksDays: 'days',
  staffSessionsDays: 'days',
  csatCommentsMonths: 'months',
};

type Feedback = { kind: 'saved' } | { kind: 'error'; code: string } | null;

/** One number per data type, with its legal note; saved and audited as settings key `retention`. */
export function RetentionForm({ initial }: { initial: RetentionSettings }) {
  const t = useTranslations('staffPrivacy');
  const te = useTranslations('staff.errors');
  const [feedback, setFeedback] = useState<Feedback>(null);
  const [pending, startTransition] = useTransition();
  const form = useForm<RetentionInput, unknown, RetentionSettings>({ resolver: zodResolver(retentionSettingsSchema), defaultValues: initial });
  const errorText = (message?: string) => (message ? (t.has(`errors.${message}` as never) ? t(`errors.${message}` as never) : te('invalid_input')) : undefined);
  const onSubmit = form.handleSubmit((values) =>
    startTransition(async () => {
      const result = await saveRetentionAction(values);
      if (result.ok) setFeedback({ kind: 'saved' });
      else {
        for (const [field, messages] of Object.entries(result.fieldErrors ?? {})) form.setError(field as keyof RetentionInput, { message: messages[0] });
        setFeedback({ kind: 'error', code: result.code });
      }
    }),
  );
  return (
    <Card title={t('retention.heading')}>
      <p>{t('retention.intro')}</p>
      <form noValidate onSubmit={onSubmit} className="space-y-4" aria-label={t('retention.heading')}>
        <div className="grid gap-4 md:grid-cols-2">
          {RETENTION_KEYS.map((key) => (
            <FormRow
              key={key}
              id={`retention-${key}`}
              label={`${t(`retention.${key}.label`)} (${t(`retention.units.${UNITS[key]}`)})`}
              hint={t(`retention.${key}.note`)}
              error={errorText(form.formState.errors[key]?.message)}
              input={{ type: 'number', inputMode: 'numeric', min: 1, ...form.register(key) }}
            />
          ))}
        </div>
        <div aria-live="polite">
          {feedback?.kind === 'saved' && (
            <p role="status" className="rounded-lg border border-[var(--color-line)] bg-[var(--color-canvas)] p-3">
              {t('retention.saved')}
            </p>
          )}
          {feedback?.kind === 'error' && (
            <p role="alert" className="rounded-lg border border-[var(--color-danger)] bg-[var(--color-danger-bg)] p-3 text-[var(--color-danger)]">
              {te.has(feedback.code as never) ? te(feedback.code as never) : te('generic')}
            </p>
          )}
        </div>
        <SubmitButton pending={pending} className="min-h-11 rounded bg-[var(--accent)] px-4 font-semibold text-white disabled:opacity-70">
          {t('retention.save')}
        </SubmitButton>
      </form>
    </Card>
  );
}
