'use client';

import { useTranslations } from 'next-intl';
import { useActionState } from 'react';
import { askAboutOrderAction, type AskState } from './actions';

/** The question form: a plain form posting to the server action; its result is announced. */
export function AskForm({ orderNumber, email }: { orderNumber: string; email: string }) {
  const t = useTranslations('firstScreen.ask');
  const [state, formAction, isPending] = useActionState<AskState, FormData>(askAboutOrderAction, { ok: null });
  if (state.ok === true) {
    return (
      <p role="status" className="rounded-xl bg-white p-4 font-medium" data-testid="ask-sent">
        {t('sent', { email })}
      </p>
    );
  }
  const error =
    state.ok === false
      ? state.code === 'invalid_input'
        ? t('errors.messageTooShort')
        : state.code === 'rate_limited'
          ? t('errors.rateLimited', { minutes: Math.max(1, Math.ceil((state.retryAfterSeconds ?? 60) / 60)) })
          : t('errors.generic')
      : null;
  return (
    <form action={formAction} className="space-y-4">
      <input type="hidden" name="orderNumber" value={orderNumber} />
      <div>
        <label htmlFor="ask-message" className="block font-medium">
          {t('messageLabel')}
        </label>
        <p id="ask-message-hint" className="mt-1 text-sm text-[var(--color-muted)]">
          {t('messageHint', { email })}
        </p>
        <textarea
          id="ask-message"
          name="message"
          rows={5}
          maxLength={5000}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? 'ask-message-hint ask-message-error' : 'ask-message-hint'}
          className={`mt-2 block w-full rounded-xl border bg-white p-3 text-base ${error ? 'border-[var(--color-danger)]' : 'border-[#8a9691]'}`}
        />
        <div aria-live="polite">
          {error && (
            <p id="ask-message-error" role="alert" className="mt-1 text-sm text-[var(--color-danger)]">
              {error}
            </p>
          )}
        </div>
      </div>
      <button
        type="submit"
        disabled={isPending}
        className="inline-flex min-h-12 items-center justify-center rounded-xl bg-[var(--accent)] px-5 text-base font-semibold text-[var(--accent-contrast)] disabled:opacity-70"
      >
        {t('send')}
      </button>
    </form>
  );
}
