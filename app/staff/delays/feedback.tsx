'use client';

import { useTranslations } from 'next-intl';
import type { StaffActionState } from '../_components/staff-action';

const KNOWN = ['forbidden', 'unauthorized', 'invalid_input', 'unavailable'] as const;

/** What an action did, or why it did nothing — announced politely, in the staff language. */
export function DelaysFeedback({ state, clientError }: { state: StaffActionState; clientError?: string | null }) {
  const t = useTranslations('staffDelays');
  let body = null;
  if (clientError) {
    body = <p role="alert" className="rounded border border-[var(--color-danger)] bg-[var(--color-danger-bg)] p-2 text-[var(--color-danger)]">{t(`errors.${clientError}` as 'errors.selectSome')}</p>;
  } else if (state.ok === true) {
    body = <p className="rounded border border-[var(--color-line)] bg-[var(--color-canvas)] p-2">{t(`done.${state.done}` as 'done.sent', state.values as never)}</p>;
  } else if (state.ok === false) {
    const key = state.fieldErrors?.incidentIds ? 'selectSome' : (KNOWN as readonly string[]).includes(state.code) ? state.code : 'generic';
    body = <p role="alert" className="rounded border border-[var(--color-danger)] bg-[var(--color-danger-bg)] p-2 text-[var(--color-danger)]">{t(`errors.${key}` as 'errors.generic')}</p>;
  }
  return <div aria-live="polite">{body}</div>;
}
