'use client';

import { zodResolver } from '@hookform/resolvers/zod';
import { useTranslations } from 'next-intl';
import { useRouter } from 'next/navigation';
import { useState, useTransition, type FormEventHandler, type ReactNode } from 'react';
import { useForm } from 'react-hook-form';
import { z } from 'zod';
import type { StaffActionState } from '../../_components/staff-action';
import { FormRow } from '../../_ui/form-row';
import { serverFieldError } from '../_admin/admin-feedback';
import { primaryButton, secondaryButton } from '../../_ui/button';
import { ConfirmButton } from '../../_ui/confirm-dialog';
import { addShopifyAction, addWooAction, backfillAction, removeIntegrationAction, testConnectionAction } from './actions';

// The form's own check (catalog keys, staffAdmin.integrations.errors); the action validates again with lib/platforms/schemas.
const addSchema = z.object({
  shopDomain: z.string().trim().toLowerCase().regex(/^(https?:\/\/)?[a-z0-9][a-z0-9-]{0,60}\.myshopify\.com\/?$/, 'shopDomainInvalid'),
  accessToken: z.string().trim().min(1, 'accessTokenRequired').max(255, 'tooLong'),
  webhookSecret: z.string().trim().min(16, 'webhookSecretTooShort').max(255, 'tooLong'),
});
type AddForm = z.infer<typeof addSchema>;

const addWooSchema = z.object({
  url: z.string().trim().max(255, 'tooLong').regex(/^https:\/\/[a-z0-9.-]+\.[a-z]{2,}(\/[^\s?#]*)?$/i, 'siteUrlInvalid'),
  consumerKey: z.string().trim().regex(/^ck_[A-Za-z0-9]{8,64}$/, 'consumerKeyInvalid'),
  consumerSecret: z.string().trim().regex(/^cs_[A-Za-z0-9]{8,64}$/, 'consumerSecretInvalid'),
  webhookSecret: z.string().trim().min(16, 'webhookSecretTooShort').max(255, 'tooLong'),
});
type AddWooForm = z.infer<typeof addWooSchema>;

function useIntegrationText() {
  const t = useTranslations('staffAdmin.integrations');
  const tErrors = useTranslations('staff.errors');
  const field = (key: string | undefined) => (key ? (t.has(`errors.${key}` as never) ? t(`errors.${key}` as never) : t('errors.invalid')) : undefined);
  /** What an action did or why not, in the reader's language. */
  const feedback = (state: StaffActionState) => {
    if (state.ok === null) return null;
    if (state.ok === false) {
      const reason = state.fieldErrors ? Object.values(state.fieldErrors)[0]?.[0] : undefined;
      const text = reason && t.has(`errors.${reason}` as never) ? t(`errors.${reason}` as never) : state.code === 'invalid_input' || state.code === 'not_found' || state.code === 'forbidden' ? tErrors(state.code as never) : t('errors.failed');
      return { role: 'alert' as const, text };
    }
    const v = state.values ?? {};
    const text =
      state.done === 'connected'
        ? t('connectionOk', { name: String(v.name) })
        : state.done === 'notConnected'
          ? t('connectionFailed', { message: String(v.message) })
          : state.done === 'backfilled'
            ? t('done.backfilled', { summary: t('backfillSummary', v as Record<string, number>) })
            : t(`done.${state.done}` as never);
    return { role: 'status' as const, text };
  };
  return { t, field, feedback };
}

function Feedback({ state, testId }: { state: StaffActionState; testId?: string }) {
  const { feedback } = useIntegrationText();
  const shown = feedback(state);
  return (
    <div aria-live="polite" data-testid={testId}>
      {shown && (
        <p role={shown.role} className={shown.role === 'alert' ? 'rounded-lg border border-[var(--color-danger)] bg-[var(--color-danger-bg)] p-3 text-[var(--color-danger)]' : 'rounded-lg border border-[var(--color-line)] bg-[var(--color-canvas)] p-3'}>
          {shown.text}
        </p>
      )}
    </div>
  );
}

/** Runs an add action; on success clears the form and reloads the list. */
function useAddSubmit<V>(action: (values: V) => Promise<StaffActionState>, reset: () => void) {
  const router = useRouter();
  const [state, setState] = useState<StaffActionState>({ ok: null });
  const [pending, startTransition] = useTransition();
  const submit = (values: V) =>
    startTransition(async () => {
      const result = await action(values);
      setState(result);
      if (result.ok) {
        reset();
        router.refresh();
      }
    });
  return { state, pending, submit };
}

/** One platform's connect form: heading, the platform's fields, what the action did, and the submit button. */
function AddIntegrationSection(props: { id: string; heading: string; submitLabel: string; testId: string; state: StaffActionState; pending: boolean; onSubmit: FormEventHandler<HTMLFormElement>; children: ReactNode }) {
  const { t } = useIntegrationText();
  return (
    <section aria-labelledby={props.id} className="max-w-xl space-y-3">
      <h2 id={props.id} className="text-lg font-semibold">
        {props.heading}
      </h2>
      <form noValidate className="space-y-4" onSubmit={props.onSubmit}>
        {props.children}
        <Feedback state={props.state} testId={props.testId} />
        <button type="submit" className={primaryButton} disabled={props.pending}>
          {props.pending ? t('working') : props.submitLabel}
        </button>
      </form>
    </section>
  );
}

export function AddShopifyForm() {
  const { t, field } = useIntegrationText();
  const form = useForm<AddForm>({ resolver: zodResolver(addSchema), defaultValues: { shopDomain: '', accessToken: '', webhookSecret: '' } });
  const { state, pending, submit } = useAddSubmit(addShopifyAction, () => form.reset());
  const error = (name: keyof AddForm) => field(form.formState.errors[name]?.message ?? serverFieldError(state, name));
  return (
    <AddIntegrationSection id="integration-add" heading={t('addHeading')} submitLabel={t('add')} testId="integration-add-feedback" state={state} pending={pending} onSubmit={form.handleSubmit(submit)}>
      <FormRow id="shop-domain" label={t('shopDomain')} hint={t('shopDomainHint')} error={error('shopDomain')} input={{ autoComplete: 'off', inputMode: 'url', maxLength: 255, ...form.register('shopDomain') }} />
      <FormRow id="access-token" label={t('accessToken')} hint={t('accessTokenHint')} error={error('accessToken')} input={{ type: 'password', autoComplete: 'off', maxLength: 255, ...form.register('accessToken') }} />
      <FormRow id="webhook-secret" label={t('webhookSecret')} hint={t('webhookSecretHint')} error={error('webhookSecret')} input={{ type: 'password', autoComplete: 'off', maxLength: 255, ...form.register('webhookSecret') }} />
    </AddIntegrationSection>
  );
}

export function AddWooForm() {
  const { t, field } = useIntegrationText();
  const form = useForm<AddWooForm>({ resolver: zodResolver(addWooSchema), defaultValues: { url: '', consumerKey: '', consumerSecret: '', webhookSecret: '' } });
  const { state, pending, submit } = useAddSubmit(addWooAction, () => form.reset());
  const error = (name: keyof AddWooForm) => field(form.formState.errors[name]?.message ?? serverFieldError(state, name));
  return (
    <AddIntegrationSection id="integration-add-woo" heading={t('woo.addHeading')} submitLabel={t('woo.add')} testId="integration-add-woo-feedback" state={state} pending={pending} onSubmit={form.handleSubmit(submit)}>
      <FormRow id="woo-url" label={t('woo.url')} hint={t('woo.urlHint')} error={error('url')} input={{ autoComplete: 'off', inputMode: 'url', maxLength: 255, ...form.register('url') }} />
      <FormRow id="woo-consumer-key" label={t('woo.consumerKey')} hint={t('woo.consumerKeyHint')} error={error('consumerKey')} input={{ autoComplete: 'off', maxLength: 80, ...form.register('consumerKey') }} />
      <FormRow id="woo-consumer-secret" label={t('woo.consumerSecret')} hint={t('woo.consumerSecretHint')} error={error('consumerSecret')} input={{ type: 'password', autoComplete: 'off', maxLength: 80, ...form.register('consumerSecret') }} />
      <FormRow id="woo-webhook-secret" label={t('woo.webhookSecret')} hint={t('woo.webhookSecretHint')} error={error('webhookSecret')} input={{ type: 'password', autoComplete: 'off', maxLength: 255, ...form.register('webhookSecret') }} />
    </AddIntegrationSection>
  );
}

export function IntegrationActions({ id, shop }: { id: string; shop: string }) {
  const { t } = useIntegrationText();
  const router = useRouter();
  const [state, setState] = useState<StaffActionState>({ ok: null });
  const [days, setDays] = useState('7');
  const [pending, startTransition] = useTransition();
  const run = (action: () => Promise<StaffActionState>) =>
    startTransition(async () => {
      const result = await action();
      setState(result);
      if (result.ok) router.refresh();
    });
  return (
    <div className="space-y-2">
      <div className="flex flex-wrap items-end gap-2">
        <button type="button" className={secondaryButton} disabled={pending} onClick={() => run(() => testConnectionAction({ id }))}>
          {t('test')}
        </button>
        <label className="flex flex-col text-sm">
          {t('backfillDays')}
          <input type="number" min={1} max={365} inputMode="numeric" value={days} onChange={(e) => setDays(e.target.value)} className="min-h-11 w-24 rounded border border-[var(--color-muted)] px-2" aria-label={`${t('backfillDays')}: ${shop}`} />
        </label>
        <button type="button" className={secondaryButton} disabled={pending} onClick={() => run(() => backfillAction({ id, days }))}>
          {pending ? t('working') : t('backfill')}
        </button>
        <ConfirmButton
          label={t('remove')}
          accessibleLabel={`${t('remove')}: ${shop}`}
          title={t('removeTitle', { shop })}
          intro={t('removeIntro')}
          confirmLabel={t('remove')}
          disabled={pending}
          onConfirm={() => run(() => removeIntegrationAction({ id }))}
        />
      </div>
      <Feedback state={state} testId="integration-feedback" />
    </div>
  );
}
