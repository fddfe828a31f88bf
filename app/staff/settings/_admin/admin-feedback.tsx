'use client';

import { useTranslations } from 'next-intl';
import type { StaffActionState } from '../../_components/staff-action';
import { Feedback } from '../../_ui/feedback';

/** The message namespaces with admin `done.*`, `reasons.*` and `errors.*` keys (webhooks keep their own). */
type AdminNamespace = 'staffAdmin' | 'webhooks' | 'automation';

/** What an admin action did (its `done.*` line), or why it changed nothing (its `reasons.*` line or the generic one). */
export function AdminFeedback({ state, namespace = 'staffAdmin' }: { state: StaffActionState; namespace?: AdminNamespace }) {
  const t = useTranslations(namespace);
  const tAdmin = useTranslations('staffAdmin');
  if (state.ok === true) return <Feedback state={{ ok: true, message: t.has(`done.${state.done}` as never) ? t(`done.${state.done}` as never) : tAdmin('done.saved') }} />;
  if (state.ok === false) return <Feedback state={{ ok: false, code: state.code, message: state.reason && t.has(`reasons.${state.reason}` as never) ? t(`reasons.${state.reason}` as never) : undefined }} />;
  return <Feedback state={state} />;
}

/** A field error key (zod message) → the localized line; unknown keys fall back to a generic one. */
export function useFieldError(namespace: AdminNamespace = 'staffAdmin') {
  const t = useTranslations(`${namespace}.errors`);
  return (message: string | undefined) => (message ? (t.has(message as never) ? t(message as never) : t('invalid')) : undefined);
}

/** Server-side field errors (`fieldErrors` of the action result) keyed by dotted path. */
export function serverFieldError(state: StaffActionState, path: string): string | undefined {
  if (state.ok !== false || !state.fieldErrors) return undefined;
  const direct = state.fieldErrors[path]?.[0];
  if (direct) return direct;
  const nested = Object.entries(state.fieldErrors).find(([key]) => key.startsWith(`${path}.`));
  return nested?.[1][0];
}
