'use client';

import { useTranslations } from 'next-intl';
import type { StaffActionState } from '../_components/staff-action';
import { Feedback } from '../_ui/feedback';

const KNOWN = ['forbidden', 'unauthorized', 'invalid_input', 'unavailable'] as const;

/** What an action did, or why it did nothing, in the delays namespace (a selection error found before sending included). */
export function DelaysFeedback({ state, clientError }: { state: StaffActionState; clientError?: string | null }) {
  const t = useTranslations('staffDelays');
  if (clientError) return <Feedback state={{ ok: false, code: 'invalid_input', message: t(`errors.${clientError}` as 'errors.selectSome') }} />;
  if (state.ok === true) return <Feedback state={{ ok: true, message: t(`done.${state.done}` as 'done.sent', state.values as never) }} />;
  if (state.ok === false) {
    const key = state.fieldErrors?.incidentIds ? 'selectSome' : (KNOWN as readonly string[]).includes(state.code) ? state.code : 'generic';
    return <Feedback state={{ ok: false, code: state.code, message: t(`errors.${key}` as 'errors.generic') }} />;
  }
  return <Feedback state={state} />;
}
