'use client';

import { useTranslations } from 'next-intl';
import { useActionState, useState } from 'react';
import { type CustomerMessageState, sendCustomerMessageAction } from './actions';

export function AnswerForm({ token }: { token: string }) {
  const t = useTranslations('caseReply.page');
  const [state, action, pending] = useActionState<CustomerMessageState, FormData>(sendCustomerMessageAction, { ok: null });
  const [localError, setLocalError] = useState<string | null>(null);
  if (state.ok === true) {
    return (
      <p role="status" className="rounded-lg border border-[var(--color-ok)] bg-white p-4">
        {t('sent')}
      </p>
    );
  }
  const serverError =
    state.ok === false
      ? state.code === 'rate_limited'
        ? t('rateLimited')
        : state.code === 'invalid_input'
          ? t('tooLong')
          : state.code === 'not_found'
            ? t('invalidLink')
            : t('error')
      : null;
  const error = localError ?? serverError;
  return (
    <form
      action={action}
      noValidate
      className="space-y-3"
      onSubmit={(event) => {
        const body = new FormData(event.currentTarget).get('body');
        if (!String(body ?? '').trim()) {
          event.preventDefault();
          setLocalError(t('required'));
        } else setLocalError(null);
      }}
    >
      <input type="hidden" name="token" value={token} />
      <label htmlFor="answer" className="block font-medium">
        {t('answerLabel')}
      </label>
      <p id="answer-hint" className="text-sm text-[var(--color-muted)]">
        {t('answerHint')}
      </p>
      <textarea
        id="answer"
        name="body"
        rows={6}
        maxLength={5000}
        aria-describedby={error ? 'answer-hint answer-error' : 'answer-hint'}
        aria-invalid={error ? true : undefined}
        className="w-full rounded-lg border border-[var(--color-muted)] p-3 text-base"
      />
      <div aria-live="polite">
        {error && (
          <p id="answer-error" role="alert" className="text-[var(--color-danger)]">
            {error}
          </p>
        )}
      </div>
      <button type="submit" disabled={pending} className="inline-flex min-h-12 w-full items-center justify-center rounded-xl bg-[var(--accent)] px-5 font-semibold text-[var(--accent-contrast)] disabled:opacity-70 sm:w-auto">
        {pending ? t('sending') : t('submit')}
      </button>
    </form>
  );
}
