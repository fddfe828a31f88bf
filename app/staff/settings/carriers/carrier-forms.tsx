'use client';

import { zodResolver } from '@hookform/resolvers/zod';
import { useTranslations } from 'next-intl';
import { useState, useTransition } from 'react';
import { useForm } from 'react-hook-form';
import type { CarrierSettingsDto } from '@/lib/staff-admin/carrier-settings';
import { type CarrierFormInput, type CarrierSecretField, carrierFormSchema } from '@/lib/staff-admin/schemas';
import { useStaffAction } from '../../_components/use-staff-action';
import { FormRow } from '../../_ui/form-row';
import { AdminFeedback, serverFieldError, useFieldError } from '../_admin/admin-feedback';
import { primaryButton, secondaryButton } from '../../_ui/button';
import { ShownOnce } from '../_admin/copy-button';
import { endWebhookRotationAction, rotateWebhookSecretAction, saveCarrierConnectionAction, setCarrierSecretAction, testCarrierConnectionAction } from './actions';
import { SubmitButton } from '../../_components/submit-button';

/** Base URLs, non-secret credentials and webhook mode of one carrier. */
export function CarrierConnectionForm({ carrier, webhookUrl }: { carrier: CarrierSettingsDto; webhookUrl: string }) {
  const t = useTranslations('staffAdmin.carriers');
  const fieldError = useFieldError();
  const { state, pending, run } = useStaffAction();
  const id = (f: string) => `${carrier.carrier}-${f}`;
  const form = useForm<CarrierFormInput>({ resolver: zodResolver(carrierFormSchema), defaultValues: { carrier: carrier.carrier, ...carrier.values } });
  const errors = form.formState.errors;
  const env = (field: string) => (carrier.envOverrides[field] ? t('envSet', { name: carrier.envOverrides[field]! }) : undefined);
  const err = (field: keyof CarrierFormInput) => fieldError((errors[field]?.message as string | undefined) ?? serverFieldError(state, field));
  const text = (field: 'baseUrl' | 'tokenUrl' | 'clientId' | 'apiUid' | 'username' | 'bookingBaseUrl' | 'bookingApiUser' | 'customerNumber', label: string, hint?: string) => (
    <FormRow id={id(field)} label={label} hint={[hint, env(field)].filter(Boolean).join(' ') || undefined} error={err(field)} input={{ autoComplete: 'off', ...form.register(field) }} />
  );
  return (
    <form noValidate className="space-y-4" onSubmit={form.handleSubmit((values) => run(() => saveCarrierConnectionAction(values)))}>
      <h3 className="font-semibold">{t('connectionHeading')}</h3>
      <label className="flex min-h-11 items-center gap-2">
        <input type="checkbox" className="h-5 w-5" {...form.register('enabled')} />
        {t('enabled')}
      </label>
      {env('enabled') && <p className="text-sm">{env('enabled')}</p>}
      {text('baseUrl', t('baseUrl'), t('baseUrlHint', { url: carrier.defaultBaseUrl }))}
      {text('tokenUrl', t('tokenUrl'))}
      {text('clientId', t('clientId'))}
      {text('apiUid', t('apiUid'))}
      {text('username', t('username'))}
      <FormRow id={id('webhookAuth')} label={t('webhookAuth')} hint={env('webhookAuth')} select={form.register('webhookAuth')}>
        <option value="header">{t('webhookAuthOptions.header')}</option>
        <option value="hmac">{t('webhookAuthOptions.hmac')}</option>
      </FormRow>
      <FormRow id={id('webhookHeader')} label={t('webhookHeader')} hint={env('webhookHeader')} error={err('webhookHeader')} input={{ autoComplete: 'off', ...form.register('webhookHeader') }} />
      <FormRow
        id={id('pollInterval')}
        label={t('pollInterval')}
        hint={env('pollIntervalMinutes')}
        error={err('pollIntervalMinutes')}
        input={{ type: 'number', min: 1, step: 1, ...form.register('pollIntervalMinutes', { valueAsNumber: true }) }}
      />
      <p className="break-all text-sm">{t('webhookUrl', { url: webhookUrl })}</p>
      <h4 className="font-semibold">{t('booking.heading')}</h4>
      <p className="text-sm">{carrier.bookingVia ? t('booking.intro', { via: t(`booking.via.${carrier.bookingVia}` as never) }) : t('booking.none')}</p>
      {/* Only what this carrier's booking client reads (PostNord books with an API key alone). */}
      {carrier.bookingFields.includes('bookingBaseUrl') && text('bookingBaseUrl', t('booking.baseUrl'), t('booking.baseUrlHint'))}
      {carrier.bookingFields.includes('bookingApiUser') && text('bookingApiUser', t('booking.apiUser'))}
      {carrier.bookingFields.includes('customerNumber') && text('customerNumber', t('booking.customerNumber'))}
      <AdminFeedback state={state} />
      <SubmitButton className={primaryButton} pending={pending}>
        {t('saveConnection')}
      </SubmitButton>
    </form>
  );
}

type SecretView = { set: boolean; changedAt: string | null; changedLabel: string | null; fromEnv: boolean; envName: string | null };

/** Write-only secrets: whether set and when changed; never the value. */
export function CarrierSecrets({ carrier, name, secrets, bookingApiKey }: { carrier: string; name: string; secrets: Record<string, SecretView>; bookingApiKey: boolean }) {
  const t = useTranslations('staffAdmin.carriers');
  const fieldError = useFieldError();
  const { state, pending, run } = useStaffAction();
  const [generated, setGenerated] = useState<string | null>(null);
  const [values, setValues] = useState<Record<string, string>>({});
  const status = (s: SecretView) => (s.set ? (s.changedLabel ? t('secretSet', { date: s.changedLabel }) : t('secretSetUnknown')) : t('secretNotSet'));
  // The booking key only where this carrier's booking client reads one.
  const editable: CarrierSecretField[] = ['webhookSecret', 'clientSecret', 'apiKey', 'password', ...(bookingApiKey ? (['bookingApiKey'] as const) : [])];
  const valueError = fieldError(serverFieldError(state, 'value'));
  return (
    <div className="space-y-4">
      <h3 className="font-semibold">{t('secretsHeading')}</h3>
      <p className="text-sm">{t('secretsIntro')}</p>
      <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-sm" data-testid={`secrets-${carrier}`}>
        {(['webhookSecret', 'webhookSecretPrevious', 'clientSecret', 'apiKey', 'password', ...(bookingApiKey ? (['bookingApiKey'] as const) : [])] as const).map((f) => (
          <div key={f} className="contents">
            <dt className="font-medium">{t(`secretNames.${f}`)}</dt>
            <dd data-testid={`secret-${carrier}-${f}`}>
              {status(secrets[f]!)}
              {secrets[f]!.envName && <span className="block">{t('envSet', { name: secrets[f]!.envName! })}</span>}
            </dd>
          </div>
        ))}
      </dl>
      {editable.map((f) => {
        const label = t(`secretNames.${f}`);
        const fid = `${carrier}-secret-${f}`;
        return (
          <form
            key={f}
            noValidate
            className="flex flex-wrap items-end gap-2"
            onSubmit={(e) => {
              e.preventDefault();
              setGenerated(null);
              run(() => setCarrierSecretAction({ carrier: carrier as 'posti', field: f, value: values[f] ?? '' }), (r) => r.ok && setValues((v) => ({ ...v, [f]: '' })));
            }}
          >
            <div className="min-w-[14rem] flex-1">
              <FormRow
                id={fid}
                label={t('newValue', { name: label })}
                input={{ type: 'password', autoComplete: 'new-password', maxLength: 500, value: values[f] ?? '', onChange: (e) => setValues((v) => ({ ...v, [f]: e.target.value })) }}
              />
            </div>
            <SubmitButton className={secondaryButton} pending={pending} aria-label={t('setSecret', { name: `${label} (${name})` })}>
              {t('setSecret', { name: label })}
            </SubmitButton>
          </form>
        );
      })}
      {valueError && (
        <p role="alert" className="text-sm text-[var(--color-danger)]">
          {valueError}
        </p>
      )}
      <div className="space-y-2">
        <p className="text-sm">{t('rotateIntro')}</p>
        <div className="flex flex-wrap gap-2">
          <button type="button" className={secondaryButton} disabled={pending} onClick={() => run(() => rotateWebhookSecretAction({ carrier }), (r) => setGenerated(r.ok && r.values?.secret ? String(r.values.secret) : null))}>
            {t('rotate')}
          </button>
          {secrets.webhookSecretPrevious?.set && !secrets.webhookSecretPrevious.fromEnv && (
            <button type="button" className={secondaryButton} disabled={pending} onClick={() => run(() => endWebhookRotationAction({ carrier }))}>
              {t('endRotation')}
            </button>
          )}
        </div>
      </div>
      {generated && (
        <div className="space-y-2 rounded-lg border border-[var(--color-line)] bg-[var(--color-canvas)] p-3">
          <p>{t('newSecretShown')}</p>
          <ShownOnce id={`${carrier}-generated`} label={t('secretNames.webhookSecret')} value={generated} />
        </div>
      )}
      {!valueError && <AdminFeedback state={state} />}
    </div>
  );
}

/** "Test connection": one call to the carrier's booking API with the saved credentials; shows the outcome, never a secret. */
export function CarrierBookingTest({ carrier, name }: { carrier: string; name: string }) {
  const t = useTranslations('staffAdmin.carriers.booking');
  const [result, setResult] = useState<{ result: string; status?: number } | null>(null);
  const [pending, startTransition] = useTransition();
  const ok = result?.result === 'ok';
  return (
    <div className="space-y-2">
      <button
        type="button"
        className={secondaryButton}
        disabled={pending}
        aria-label={t('testFor', { carrier: name })}
        onClick={() =>
          startTransition(async () => {
            setResult(null);
            setResult(await testCarrierConnectionAction({ carrier }));
          })
        }
      >
        {pending ? t('testing') : t('test')}
      </button>
      <div aria-live="polite" data-testid={`booking-test-${carrier}`}>
        {result && (
          <p
            role={ok ? 'status' : 'alert'}
            className={ok ? 'rounded-lg border border-[var(--color-line)] bg-[var(--color-canvas)] p-3' : 'rounded-lg border border-[var(--color-danger)] bg-[var(--color-danger-bg)] p-3 text-[var(--color-danger)]'}
          >
            {result.result === 'unauthorized' || result.result === 'unexpected'
              ? t(`result.${result.result}`, { status: String(result.status ?? '') })
              : t(`result.${result.result as 'ok' | 'not_configured' | 'unreachable' | 'unsupported' | 'error'}`)}
          </p>
        )}
      </div>
    </div>
  );
}
