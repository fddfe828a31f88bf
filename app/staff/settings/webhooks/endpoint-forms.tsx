'use client';

import Link from 'next/link';
import { useTranslations } from 'next-intl';
import { useRouter } from 'next/navigation';
import { useState, useTransition } from 'react';
import type { StaffActionState } from '../../_components/staff-action';
import { FormRow } from '../../_ui/form-row';
import { AdminFeedback, serverFieldError, useFieldError } from '../_admin/admin-feedback';
import { primaryButton, secondaryButton } from '../../_ui/button';
import { ConfirmButton } from '../../_ui/confirm-dialog';
import { ShownOnce } from '../_admin/copy-button';
import {
  createWebhookEndpointAction,
  deleteWebhookEndpointAction,
  resendWebhookDeliveryAction,
  rotateEndpointSecretAction,
  sendTestWebhookAction,
  updateWebhookEndpointAction,
} from './actions';
import { SubmitButton } from '../../_components/submit-button';

type Values = { url: string; description: string; events: string[]; enabled?: boolean };

/** URL, description and event types; used to create an endpoint and to edit one. */
function EndpointFields({ idPrefix, values, setValues, state, eventTypes }: { idPrefix: string; values: Values; setValues: (v: Values) => void; state: StaffActionState; eventTypes: string[] }) {
  const t = useTranslations('webhooks');
  const fieldError = useFieldError('webhooks');
  const eventsError = fieldError(serverFieldError(state, 'events'));
  return (
    <>
      <FormRow
        id={`${idPrefix}-url`}
        label={t('url')}
        hint={t('urlHint')}
        error={fieldError(serverFieldError(state, 'url'))}
        input={{ type: 'url', inputMode: 'url', autoComplete: 'off', maxLength: 2000, value: values.url, onChange: (e) => setValues({ ...values, url: e.target.value }) }}
      />
      <FormRow
        id={`${idPrefix}-description`}
        label={t('description')}
        hint={t('descriptionHint')}
        error={fieldError(serverFieldError(state, 'description'))}
        input={{ autoComplete: 'off', maxLength: 500, value: values.description, onChange: (e) => setValues({ ...values, description: e.target.value }) }}
      />
      <fieldset aria-describedby={`${idPrefix}-events-hint${eventsError ? ` ${idPrefix}-events-error` : ''}`}>
        <legend className="font-medium">{t('events')}</legend>
        <p id={`${idPrefix}-events-hint`} className="text-sm text-[var(--color-muted)]">
          {t('eventsHint')}
        </p>
        <div className="mt-1 grid gap-1 sm:grid-cols-2">
          {eventTypes.map((type) => (
            <label key={type} className="flex min-h-11 items-center gap-2 font-mono text-sm">
              <input
                type="checkbox"
                className="h-5 w-5"
                value={type}
                checked={values.events.includes(type)}
                onChange={(e) => setValues({ ...values, events: e.target.checked ? [...values.events, type] : values.events.filter((x) => x !== type) })}
              />
              {type}
            </label>
          ))}
        </div>
        {eventsError && (
          <p id={`${idPrefix}-events-error`} className="text-sm text-[var(--color-danger)]">
            {eventsError}
          </p>
        )}
      </fieldset>
    </>
  );
}

export function CreateEndpointForm({ eventTypes }: { eventTypes: string[] }) {
  const t = useTranslations('webhooks');
  const ta = useTranslations('staffAdmin');
  const router = useRouter();
  const [values, setValues] = useState<Values>({ url: '', description: '', events: [] });
  const [state, setState] = useState<StaffActionState>({ ok: null });
  const [created, setCreated] = useState<{ id: string; secret: string } | null>(null);
  const [pending, startTransition] = useTransition();
  return (
    <section aria-labelledby="endpoint-create" className="max-w-2xl space-y-3">
      <h2 id="endpoint-create" className="text-lg font-semibold">
        {t('createHeading')}
      </h2>
      <form
        noValidate
        className="space-y-4"
        onSubmit={(e) => {
          e.preventDefault();
          startTransition(async () => {
            const result = await createWebhookEndpointAction({ url: values.url, events: values.events, description: values.description });
            setState(result);
            if (result.ok) {
              setCreated({ id: String(result.values?.id), secret: String(result.values?.secret) });
              setValues({ url: '', description: '', events: [] });
              router.refresh();
            } else setCreated(null);
          });
        }}
      >
        <EndpointFields idPrefix="new-endpoint" values={values} setValues={setValues} state={state} eventTypes={eventTypes} />
        {!created && <AdminFeedback state={state} namespace="webhooks" />}
        <SubmitButton className={primaryButton} pending={pending}>
          {pending ? ta('saving') : t('create')}
        </SubmitButton>
      </form>
      {created && (
        <div role="status" className="space-y-2 rounded-lg border border-[var(--color-line)] bg-[var(--color-canvas)] p-3" data-testid="endpoint-created">
          <p className="font-semibold">{t('secretTitle')}</p>
          <p>{t('secretIntro')}</p>
          <ShownOnce id="new-endpoint-secret" label={t('secretTitle')} value={created.secret} />
          <Link href={`/staff/settings/webhooks/${created.id}`} className="text-[var(--accent)] underline">
            {t('manage')}
          </Link>
        </div>
      )}
    </section>
  );
}

export function EditEndpointForm({ id, initial, eventTypes }: { id: string; initial: Values; eventTypes: string[] }) {
  const t = useTranslations('webhooks');
  const ta = useTranslations('staffAdmin');
  const router = useRouter();
  const [values, setValues] = useState<Values>(initial);
  const [state, setState] = useState<StaffActionState>({ ok: null });
  const [pending, startTransition] = useTransition();
  return (
    <form
      noValidate
      className="max-w-2xl space-y-4"
      aria-labelledby="endpoint-edit"
      onSubmit={(e) => {
        e.preventDefault();
        startTransition(async () => {
          const result = await updateWebhookEndpointAction({ id, url: values.url, events: values.events, description: values.description, enabled: values.enabled });
          setState(result);
          if (result.ok) router.refresh();
        });
      }}
    >
      <h2 id="endpoint-edit" className="text-lg font-semibold">
        {t('editHeading')}
      </h2>
      <EndpointFields idPrefix="endpoint" values={values} setValues={setValues} state={state} eventTypes={eventTypes} />
      <label className="flex min-h-11 items-center gap-2">
        <input type="checkbox" className="h-5 w-5" checked={values.enabled ?? true} onChange={(e) => setValues({ ...values, enabled: e.target.checked })} />
        {t('enabled')}
      </label>
      <AdminFeedback state={state} namespace="webhooks" />
      <SubmitButton className={primaryButton} pending={pending}>
        {pending ? ta('saving') : ta('save')}
      </SubmitButton>
    </form>
  );
}

/** Rotate the secret (new one shown once), send a test, delete. */
export function EndpointActions({ id, url }: { id: string; url: string }) {
  const t = useTranslations('webhooks');
  const router = useRouter();
  const [state, setState] = useState<StaffActionState>({ ok: null });
  const [secret, setSecret] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  const run = (action: () => Promise<StaffActionState>, after?: (result: StaffActionState) => void) =>
    startTransition(async () => {
      const result = await action();
      setState(result);
      after?.(result);
      if (result.ok) router.refresh();
    });
  return (
    <section aria-labelledby="endpoint-actions" className="space-y-3">
      <h2 id="endpoint-actions" className="text-lg font-semibold">
        {t('actionsHeading')}
      </h2>
      <div className="flex flex-wrap gap-2">
        <button type="button" className={secondaryButton} disabled={pending} onClick={() => run(() => sendTestWebhookAction({ id }))}>
          {t('sendTest')}
        </button>
        <ConfirmButton
          label={t('rotate')}
          title={t('rotateTitle')}
          intro={t('rotateIntro')}
          confirmLabel={t('rotate')}
          disabled={pending}
          onConfirm={() => run(() => rotateEndpointSecretAction({ id }), (result) => setSecret(result.ok ? String(result.values?.secret) : null))}
        />
        <ConfirmButton
          label={t('delete')}
          title={t('deleteTitle', { url })}
          intro={t('deleteIntro')}
          confirmLabel={t('delete')}
          disabled={pending}
          onConfirm={() =>
            run(
              () => deleteWebhookEndpointAction({ id }),
              (result) => {
                if (result.ok) router.push('/staff/settings/webhooks');
              },
            )
          }
        />
      </div>
      <AdminFeedback state={state} namespace="webhooks" />
      {secret && (
        <div className="space-y-2 rounded-lg border border-[var(--color-line)] bg-[var(--color-canvas)] p-3" data-testid="secret-rotated">
          <p>{t('rotatedIntro')}</p>
          <ShownOnce id="rotated-secret" label={t('secretTitle')} value={secret} />
        </div>
      )}
    </section>
  );
}

export function ResendDelivery({ id, deliveryId }: { id: string; deliveryId: string }) {
  const t = useTranslations('webhooks');
  const router = useRouter();
  const [state, setState] = useState<StaffActionState>({ ok: null });
  const [pending, startTransition] = useTransition();
  return (
    <div className="space-y-1">
      <button
        type="button"
        className={secondaryButton}
        disabled={pending}
        onClick={() =>
          startTransition(async () => {
            const result = await resendWebhookDeliveryAction({ id, deliveryId });
            setState(result);
            if (result.ok) router.refresh();
          })
        }
      >
        {t('resend')}
      </button>
      {state.ok === false && <AdminFeedback state={state} namespace="webhooks" />}
    </div>
  );
}
