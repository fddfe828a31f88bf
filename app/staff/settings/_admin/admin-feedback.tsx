'use client';

import { useTranslations } from 'next-intl';
import type { StaffActionState } from '../../_components/staff-action';

const GENERIC = ['unauthorized', 'forbidden', 'not_found', 'conflict', 'invalid_input', 'invalid_state', 'unavailable'];

/** The message namespaces with admin `done.*`, `reasons.*` and `errors.*` keys (webhooks keep their own). */
type AdminNamespace = 'staffAdmin' | 'webhooks' | 'automation';

/** What an admin action did, or why it changed nothing: announced politely. */
export function AdminFeedback({ state, namespace = 'staffAdmin' }: { state: StaffActionState; namespace?: AdminNamespace }) {
  const t = useTranslations(namespace);
  const tAdmin = useTranslations('staffAdmin');
  const tErrors = useTranslations('staff.errors');
  let body = null;
  if (state.ok === true) {
    body = (
      <p role="status" className="rounded-lg border border-[var(--color-line)] bg-[var(--color-canvas)] p-3">
        {t.has(`done.${state.done}` as never) ? t(`done.${state.done}` as never) : tAdmin('done.saved')}
      </p>
    );
  } else if (state.ok === false) {
    const text = state.reason && t.has(`reasons.${state.reason}` as never) ? t(`reasons.${state.reason}` as never) : tErrors((GENERIC.includes(state.code) ? state.code : 'generic') as never);
    body = (
      <p role="alert" className="rounded-lg border border-[var(--color-danger)] bg-[var(--color-danger-bg)] p-3 text-[var(--color-danger)]">
        {text}
      </p>
    );
  }
  return <div aria-live="polite">{body}</div>;
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

export const primaryButton = 'min-h-11 rounded bg-[var(--accent)] px-4 font-semibold text-white disabled:opacity-70';
export const secondaryButton = 'min-h-11 rounded border border-[var(--color-muted)] bg-white px-4 font-semibold disabled:opacity-70';
export const dialogPanel = 'fixed left-1/2 top-1/2 w-[min(32rem,calc(100vw-2rem))] -translate-x-1/2 -translate-y-1/2 rounded-lg bg-white p-5 shadow-lg';
