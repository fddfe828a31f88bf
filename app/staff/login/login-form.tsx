'use client';

import { useTranslations } from 'next-intl';
import { useActionState } from 'react';
import { type FormState, loginAction } from '../auth-actions';
import { useWaitMessage } from './wait-message';
import { FormError } from '../_components/form-error';

export function LoginForm() {
  const t = useTranslations('staff.login');
  const [state, action, pending] = useActionState<FormState, FormData>(loginAction, { ok: null });
  const failed = state.ok === false ? state : null;
  const wait = useWaitMessage();
  return (
    <form action={action} className="mt-4 space-y-4">
      <FormError code={failed?.code ?? null} retryAfterSeconds={failed?.retryAfterSeconds} messages={{ unauthorized: t('invalid'), invalid_input: t('invalid'), rate_limited: wait(failed?.retryAfterSeconds) }} />
      <div>
        <label htmlFor="email" className="block font-medium">
          {t('email')}
        </label>
        <input id="email" name="email" type="email" autoComplete="username" required maxLength={320} className="mt-1 min-h-11 w-full rounded border border-[var(--color-muted)] px-3" />
      </div>
      <div>
        <label htmlFor="password" className="block font-medium">
          {t('password')}
        </label>
        <input id="password" name="password" type="password" autoComplete="current-password" required maxLength={1000} className="mt-1 min-h-11 w-full rounded border border-[var(--color-muted)] px-3" />
      </div>
      <button type="submit" disabled={pending} className="min-h-11 w-full rounded bg-[var(--accent)] px-4 font-semibold text-white disabled:opacity-70">
        {pending ? t('submitting') : t('submit')}
      </button>
    </form>
  );
}
