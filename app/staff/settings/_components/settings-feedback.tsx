'use client';

import { useTranslations } from 'next-intl';
import type { ErrorCode } from '@/lib/errors';

const GENERIC: readonly ErrorCode[] = ['unauthorized', 'forbidden', 'not_found', 'conflict', 'invalid_input', 'invalid_state', 'unavailable'];

/** "Saved" or why nothing changed, announced to screen readers. */
export function SettingsFeedback({ state }: { state: { ok: null } | { ok: true; message: string } | { ok: false; code: ErrorCode } }) {
  const tErrors = useTranslations('staff.errors');
  let body = null;
  if (state.ok === true) {
    body = (
      <p role="status" className="rounded-lg border border-[var(--color-line)] bg-[var(--color-canvas)] p-3">
        {state.message}
      </p>
    );
  } else if (state.ok === false) {
    body = (
      <p role="alert" className="rounded-lg border border-[var(--color-danger)] bg-[var(--color-danger-bg)] p-3 text-[var(--color-danger)]">
        {tErrors((GENERIC.includes(state.code) ? state.code : 'generic') as never)}
      </p>
    );
  }
  return <div aria-live="polite">{body}</div>;
}
