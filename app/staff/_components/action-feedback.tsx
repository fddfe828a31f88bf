'use client';

import { useTranslations } from 'next-intl';
import type { ErrorCode } from '@/lib/errors';

type State = { ok: null } | { ok: true; done: string; values?: Record<string, string | number> } | { ok: false; code: ErrorCode; reason?: string };

const GENERIC: readonly ErrorCode[] = ['unauthorized', 'forbidden', 'not_found', 'conflict', 'invalid_input', 'invalid_state', 'unavailable'];

/** The confirmation of what an action did, or why it did nothing — announced politely. */
export function ActionFeedback({ state, doneNamespace }: { state: State; doneNamespace: 'staffReturns.done' | 'goodwill' | 'approvals.done' | 'csat.staff' | 'claimDecision.done' }) {
  const tReasons = useTranslations('staffReturns.reasons');
  const tErrors = useTranslations('staff.errors');
  const tDone = useTranslations(doneNamespace);
  let body = null;
  if (state.ok === true) {
    body = (
      <p role="status" className="rounded-lg border border-[var(--color-line)] bg-[var(--color-canvas)] p-3">
        {tDone(state.done as never, state.values as never)}
      </p>
    );
  } else if (state.ok === false) {
    const text =
      state.reason && tReasons.has(state.reason as never)
        ? tReasons(state.reason as never)
        : tErrors((GENERIC.includes(state.code) ? state.code : 'generic') as never);
    body = (
      <p role="alert" className="rounded-lg border border-[var(--color-danger)] bg-[var(--color-danger-bg)] p-3 text-[var(--color-danger)]">
        {text}
      </p>
    );
  }
  return <div aria-live="polite">{body}</div>;
}
