'use client';

import { useTranslations } from 'next-intl';
import { useActionState } from 'react';
import { type FormState, verifyTwoFactorAction } from '../../auth-actions';
import { useWaitMessage } from '../wait-message';
import { FormError } from '../../_components/form-error';

export function TwoFactorForm() {
  const t = useTranslations('staff.twoFactor');
  const [state, action, pending] = useActionState<FormState, FormData>(verifyTwoFactorAction, { ok: null });
  const failed = state.ok === false ? state : null;
  const wait = useWaitMessage();
  return (
    <form action={action} className="mt-4 space-y-4">
      <FormError code={failed?.code ?? null} retryAfterSeconds={failed?.retryAfterSeconds} messages={{ unauthorized: t('invalid'), invalid_input: t('invalid'), rate_limited: wait(failed?.retryAfterSeconds) }} />
      <div>
        <label htmlFor="code" className="block font-medium">
          {t('code')}
        </label>
        <p id="code-hint" className="text-sm text-[var(--color-muted)]">
          {t('hint')}
        </p>
        <input id="code" name="code" aria-describedby="code-hint" autoComplete="one-time-code" inputMode="text" required maxLength={64} className="mt-1 min-h-11 w-full rounded border border-[var(--color-muted)] px-3" />
      </div>
      <button type="submit" disabled={pending} className="min-h-11 w-full rounded bg-[var(--accent)] px-4 font-semibold text-white disabled:opacity-70">
        {t('submit')}
      </button>
    </form>
  );
}
