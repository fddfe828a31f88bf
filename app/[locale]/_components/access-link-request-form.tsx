'use client';

import { useTranslations } from 'next-intl';
import { useActionState } from 'react';
import { type AccessLinkState, requestAccessLinkAction } from '../actions';
import { Field } from './field';

/**
 * "Email me a link": sends a one-time link to the email address on the order. With the order number
 * known (the redacted order page) it is one button; otherwise the customer types the number. The
 * answer is the same whether or not the order exists. Works without JavaScript.
 */
export function AccessLinkRequestForm({ locale, defaultOrderNumber, fixedOrderNumber }: { locale: string; defaultOrderNumber?: string; fixedOrderNumber?: string }) {
  const t = useTranslations('customerAccess');
  const [state, formAction, isPending] = useActionState<AccessLinkState, FormData>(requestAccessLinkAction, { ok: null });
  const fieldError = state.ok === false ? state.fieldErrors?.orderNumber?.[0] : undefined;
  const formError = state.ok === false && !fieldError ? t(state.code === 'unavailable' ? 'errors.unavailable' : 'errors.invalid') : null;

  return (
    <form action={formAction} noValidate className="mt-4 space-y-4" data-testid="access-link-form">
      <input type="hidden" name="locale" value={locale} />
      {fixedOrderNumber !== undefined ? (
        <input type="hidden" name="orderNumber" value={fixedOrderNumber} />
      ) : (
        <Field
          id="accessOrderNumber"
          label={t('orderNumber')}
          hint={t('orderNumberHint')}
          error={fieldError ? t(`errors.${fieldError}` as 'errors.orderNumberRequired') : undefined}
          inputProps={{ name: 'orderNumber', defaultValue: defaultOrderNumber ?? '', autoComplete: 'off', autoCapitalize: 'characters', spellCheck: false, maxLength: 64 }}
        />
      )}
      <div aria-live="polite" aria-atomic="true">
        {state.ok === true && (
          <p role="status" className="rounded-lg bg-[var(--color-canvas)] p-3">
            {t('sent')}
          </p>
        )}
        {formError && (
          <p role="alert" className="rounded-lg border border-[var(--color-danger)] bg-[var(--color-danger-bg)] p-3 text-[var(--color-danger)]">
            {formError}
          </p>
        )}
      </div>
      <button
        type="submit"
        disabled={isPending}
        className="inline-flex min-h-12 w-full items-center justify-center rounded-xl border border-[var(--accent)] bg-white px-5 text-base font-semibold hover:opacity-95 disabled:opacity-70"
      >
        {isPending ? t('sending') : t('requestButton')}
      </button>
    </form>
  );
}
