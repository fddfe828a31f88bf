'use client';

import { zodResolver } from '@hookform/resolvers/zod';
import { useTranslations } from 'next-intl';
import Link from 'next/link';
import { useState, useTransition } from 'react';
import { useForm } from 'react-hook-form';
import { type AcceptInviteInput, acceptInviteSchema } from '@/lib/staff-admin/schemas';
import type { StaffActionState } from '../../_components/staff-action';
import { FormRow } from '../../_ui/form-row';
import { AdminFeedback, serverFieldError, useFieldError } from '../../settings/_admin/admin-feedback';
import { primaryButton } from '../../_ui/button';
import { acceptInviteAction } from './actions';
import { SubmitButton } from '../../_components/submit-button';

export function SetPasswordForm({ token, email }: { token: string; email: string }) {
  const t = useTranslations('staffAdmin.invite');
  const fieldError = useFieldError();
  const [state, setState] = useState<StaffActionState>({ ok: null });
  const [pending, startTransition] = useTransition();
  const form = useForm<AcceptInviteInput>({ resolver: zodResolver(acceptInviteSchema), defaultValues: { token, password: '', confirm: '' } });
  const errors = form.formState.errors;
  if (state.ok === true) {
    return (
      <div className="space-y-3">
        <p role="status">{t('done')}</p>
        <Link href="/staff/login" className={primaryButton + ' inline-flex items-center no-underline'}>
          {t('login')}
        </Link>
      </div>
    );
  }
  return (
    <form noValidate className="space-y-4" onSubmit={form.handleSubmit((values) => startTransition(async () => setState(await acceptInviteAction(values))))}>
      {/* Lets password managers store the new password under the right account. */}
      <input type="email" name="username" autoComplete="username" value={email} readOnly hidden />
      <FormRow
        id="password"
        label={t('password')}
        hint={t('passwordHint')}
        error={fieldError(errors.password?.message ?? serverFieldError(state, 'password'))}
        input={{ type: 'password', autoComplete: 'new-password', maxLength: 1000, ...form.register('password') }}
      />
      <FormRow
        id="confirm"
        label={t('confirm')}
        error={fieldError(errors.confirm?.message ?? serverFieldError(state, 'confirm'))}
        input={{ type: 'password', autoComplete: 'new-password', maxLength: 1000, ...form.register('confirm') }}
      />
      {state.ok === false && state.reason === 'inviteInvalid' ? <p role="alert">{t('invalid')}</p> : <AdminFeedback state={state} />}
      <SubmitButton className={primaryButton} pending={pending}>
        {pending ? t('submitting') : t('submit')}
      </SubmitButton>
    </form>
  );
}
