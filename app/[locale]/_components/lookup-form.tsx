'use client';

import { zodResolver } from '@hookform/resolvers/zod';
import { useTranslations } from 'next-intl';
import { useActionState, useRef, useTransition } from 'react';
import { useForm } from 'react-hook-form';
import type { ErrorCode } from '@/lib/errors';
import { type LookupOrderInput, lookupOrderSchema } from '@/lib/orders/schemas';
import { lookupOrderAction, type LookupState } from '../actions';
import { Field } from './field';

/** The message a failed lookup shows; anything else is "check and try again". */
const formErrorKeys: Partial<Record<ErrorCode, 'errors.notFound' | 'errors.unavailable'>> = {
  not_found: 'errors.notFound',
  unavailable: 'errors.unavailable',
};

/**
 * Order number + email or postal code. Without JavaScript the form posts to the server action;
 * with it, react-hook-form checks the fields first and then calls the same action.
 */
export function LookupForm({ locale, defaultOrderNumber }: { locale: string; defaultOrderNumber: string }) {
  const t = useTranslations('lookup');
  const [state, formAction] = useActionState<LookupState, FormData>(lookupOrderAction, { ok: null });
  const [isPending, startTransition] = useTransition();
  const formRef = useRef<HTMLFormElement>(null);
  const form = useForm<LookupOrderInput>({
    resolver: zodResolver(lookupOrderSchema),
    defaultValues: { orderNumber: defaultOrderNumber, contact: '' },
  });
  const { errors } = form.formState;
  const fieldError = (key: string | undefined) => (key ? t(`errors.${key}` as 'errors.invalid') : undefined);

  const formError =
    state.ok !== false
      ? null
      : state.code === 'rate_limited'
        ? t('errors.rateLimited', { minutes: Math.max(1, Math.ceil((state.retryAfterSeconds ?? 60) / 60)) })
        : t(formErrorKeys[state.code] ?? 'errors.invalid');

  return (
    <form
      ref={formRef}
      action={formAction}
      noValidate
      className="mt-6 space-y-5"
      onSubmit={(event) => {
        event.preventDefault();
        void form.handleSubmit(() => {
          if (formRef.current) {
            const data = new FormData(formRef.current);
            startTransition(() => formAction(data));
          }
        })(event);
      }}
    >
      <input type="hidden" name="locale" value={locale} />
      <div aria-live="polite" aria-atomic="true">
        {formError && (
          <p role="alert" className="rounded-lg border border-[var(--color-danger)] bg-[var(--color-danger-bg)] p-3 text-[var(--color-danger)]">
            {formError}
          </p>
        )}
      </div>
      <fieldset disabled={isPending} className="space-y-5">
        <Field
          id="orderNumber"
          label={t('orderNumber')}
          hint={t('orderNumberHint')}
          error={fieldError(errors.orderNumber?.message)}
          inputProps={{ ...form.register('orderNumber'), autoComplete: 'off', autoCapitalize: 'characters', spellCheck: false, maxLength: 64 }}
        />
        <Field
          id="contact"
          label={t('contact')}
          hint={t('contactHint')}
          error={fieldError(errors.contact?.message)}
          inputProps={{ ...form.register('contact'), autoComplete: 'email', spellCheck: false, maxLength: 320 }}
        />
        <button
          type="submit"
          className="inline-flex min-h-12 w-full items-center justify-center rounded-xl bg-[var(--accent)] px-5 text-base font-semibold text-[var(--accent-contrast)] hover:opacity-95 disabled:opacity-70"
        >
          {isPending ? t('submitting') : t('submit')}
        </button>
      </fieldset>
    </form>
  );
}
