'use client';

import { zodResolver } from '@hookform/resolvers/zod';
import { useTranslations } from 'next-intl';
import { useRouter } from 'next/navigation';
import { useState, useTransition } from 'react';
import { useForm } from 'react-hook-form';
import { z } from 'zod';
import type { CreateApiKeyInput } from '@/lib/api-keys/schemas';
import type { StaffActionState } from '../../_components/staff-action';
import { FormRow } from '../../_ui/form-row';
import { AdminFeedback, serverFieldError, useFieldError } from '../_admin/admin-feedback';
import { primaryButton } from '../../_ui/button';
import { ConfirmButton } from '../../_ui/confirm-dialog';
import { ShownOnce } from '../_admin/copy-button';
import { createApiKeyAction, revokeApiKeyAction } from './actions';
import { SubmitButton } from '../../_components/submit-button';

// The form's own messages (catalog keys); the action validates again with lib/api-keys' schema.
const keyFormSchema = z.object({ name: z.string().trim().min(1, 'nameRequired').max(100, 'nameTooLong'), scopes: z.array(z.string()).min(1, 'scopesRequired') });
type KeyForm = z.infer<typeof keyFormSchema>;

/** Name and scopes → the key, shown once with a copy button. */
export function CreateKeyForm({ scopes }: { scopes: string[] }) {
  const t = useTranslations('staffAdmin.apiKeys');
  const ta = useTranslations('staffAdmin');
  const fieldError = useFieldError();
  const router = useRouter();
  const [state, setState] = useState<StaffActionState>({ ok: null });
  const [created, setCreated] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  const form = useForm<KeyForm>({ resolver: zodResolver(keyFormSchema), defaultValues: { name: '', scopes: [] } });
  const errors = form.formState.errors;
  const scopesError = fieldError(errors.scopes?.message ?? (serverFieldError(state, 'scopes') ? 'scopesRequired' : undefined));
  return (
    <section aria-labelledby="key-create" className="max-w-xl space-y-3">
      <h2 id="key-create" className="text-lg font-semibold">
        {t('createHeading')}
      </h2>
      <form
        noValidate
        className="space-y-4"
        onSubmit={form.handleSubmit((values) =>
          startTransition(async () => {
            const result = await createApiKeyAction(values as CreateApiKeyInput);
            setState(result);
            setCreated(result.ok ? String(result.values?.key) : null);
            if (result.ok) {
              form.reset();
              router.refresh();
            }
          }),
        )}
      >
        <FormRow id="key-name" label={t('name')} hint={t('nameHint')} error={fieldError(errors.name?.message ?? serverFieldError(state, 'name'))} input={{ autoComplete: 'off', maxLength: 100, ...form.register('name') }} />
        <fieldset aria-describedby={`key-scopes-hint${scopesError ? ' key-scopes-error' : ''}`}>
          <legend className="font-medium">{t('scopes')}</legend>
          <p id="key-scopes-hint" className="text-sm text-[var(--color-muted)]">
            {t('scopesHint')}
          </p>
          <div className="mt-1 grid gap-1 sm:grid-cols-2">
            {scopes.map((scope) => (
              <label key={scope} className="flex min-h-11 items-center gap-2 font-mono text-sm">
                <input type="checkbox" value={scope} className="h-5 w-5" {...form.register('scopes')} />
                {scope}
              </label>
            ))}
          </div>
          {scopesError && (
            <p id="key-scopes-error" className="text-sm text-[var(--color-danger)]">
              {scopesError}
            </p>
          )}
        </fieldset>
        {!created && <AdminFeedback state={state} />}
        <SubmitButton className={primaryButton} pending={pending}>
          {pending ? ta('saving') : t('create')}
        </SubmitButton>
      </form>
      {created && (
        <div role="status" className="space-y-2 rounded-lg border border-[var(--color-line)] bg-[var(--color-canvas)] p-3" data-testid="key-created">
          <p className="font-semibold">{t('createdTitle')}</p>
          <p>{t('createdIntro')}</p>
          <ShownOnce id="new-key" label={t('createdTitle')} value={created} />
        </div>
      )}
    </section>
  );
}

export function RevokeKey({ prefix, name }: { prefix: string; name: string }) {
  const t = useTranslations('staffAdmin.apiKeys');
  const router = useRouter();
  const [state, setState] = useState<StaffActionState>({ ok: null });
  const [pending, startTransition] = useTransition();
  return (
    <div className="space-y-2">
      <ConfirmButton
        label={t('revoke')}
        accessibleLabel={`${t('revoke')}: ${name}`}
        title={t('revokeTitle', { name })}
        intro={t('revokeIntro')}
        confirmLabel={t('revoke')}
        disabled={pending}
        onConfirm={() =>
          startTransition(async () => {
            const result = await revokeApiKeyAction({ prefix });
            setState(result);
            if (result.ok) router.refresh();
          })
        }
      />
      <AdminFeedback state={state} />
    </div>
  );
}
