'use client';

import { useTranslations } from 'next-intl';
import type { ErrorCode } from '@/lib/errors';

/** What a form shows after it ran: a done message, or why nothing changed. */
export type Outcome = { ok: null } | { ok: true; message: string } | { ok: false; code: ErrorCode; message?: string };

const GENERIC: readonly ErrorCode[] = ['unauthorized', 'forbidden', 'not_found', 'conflict', 'invalid_input', 'invalid_state', 'unavailable'];

/** An error code → the desk's localized line for it (unknown codes get the generic one). */
export function useErrorText() {
  const t = useTranslations('staff.errors');
  return (code: ErrorCode) => t((GENERIC.includes(code) ? code : 'generic') as never);
}

/**
 * The outcome beside the form, in a polite live region: a status box when it worked, an alert box
 * (with the specific message, or the code's generic one) when it did not.
 */
export function Feedback({ state, testId }: { state: Outcome; testId?: string }) {
  const errorText = useErrorText();
  let body = null;
  if (state.ok === true) {
    body = (
      <p role="status" data-testid={testId} className="rounded-lg border border-[var(--color-line)] bg-[var(--color-canvas)] p-3">
        {state.message}
      </p>
    );
  } else if (state.ok === false) {
    body = (
      <p role="alert" data-testid={testId} className="rounded-lg border border-[var(--color-danger)] bg-[var(--color-danger-bg)] p-3 text-[var(--color-danger)]">
        {state.message ?? errorText(state.code)}
      </p>
    );
  }
  return <div aria-live="polite">{body}</div>;
}
