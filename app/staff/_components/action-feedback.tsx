'use client';

import { useTranslations } from 'next-intl';
import { Feedback } from '../_ui/feedback';
import type { ErrorCode } from '@/lib/errors';

type State = { ok: null } | { ok: true; done: string; values?: Record<string, string | number> } | { ok: false; code: ErrorCode; reason?: string; values?: Record<string, string> };

/** The confirmation of what a return, goodwill, approval or CSAT action did, or why it did nothing. */
export function ActionFeedback({ state, doneNamespace }: { state: State; doneNamespace: 'staffReturns.done' | 'goodwill' | 'approvals.done' | 'csat.staff' | 'claimDecision.done' }) {
  const tReasons = useTranslations('staffReturns.reasons');
  const tDone = useTranslations(doneNamespace);
  if (state.ok === true) return <Feedback state={{ ok: true, message: tDone(state.done as never, state.values as never) }} />;
  if (state.ok === false) return <Feedback state={{ ok: false, code: state.code, message: state.reason && tReasons.has(state.reason as never) ? tReasons(state.reason as never, state.values as never) : undefined }} />;
  return <Feedback state={state} />;
}
