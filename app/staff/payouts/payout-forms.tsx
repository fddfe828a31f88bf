'use client';

import { useTranslations } from 'next-intl';
import { useState } from 'react';
import type { StaffActionState } from '../_components/staff-action';
import { useStaffAction } from '../_components/use-staff-action';
import { exportPayoutBatchAction, markPayoutBatchPaidAction, savePayoutAccountAction } from './actions';
import { primaryButton } from '../_ui/button';
import { Feedback } from '../_ui/feedback';

const input = 'mt-1 block min-h-11 w-full rounded border border-[var(--color-muted)] px-3';

/** Done or why not, in the payouts namespace. */
function PayoutFeedback({ state }: { state: StaffActionState }) {
  const t = useTranslations('payouts');
  if (state.ok === true) return <Feedback state={{ ok: true, message: t(`done.${state.done}` as never, state.values as never) }} />;
  if (state.ok === false) {
    const key = state.reason && t.has(`errors.${state.reason}` as never) ? `errors.${state.reason}` : state.code === 'forbidden' ? 'errors.forbidden' : 'errors.generic';
    return <Feedback state={{ ok: false, code: state.code, message: t(key as never) }} />;
  }
  return <Feedback state={state} />;
}

/** The shop's own account: the debtor of every SEPA file. */
export function PayoutAccountForm({ initial }: { initial: { name: string; iban: string; bic: string } }) {
  const t = useTranslations('payouts');
  const { state, pending, run } = useStaffAction();
  const [values, setValues] = useState(initial);
  const fieldError = (field: 'name' | 'iban' | 'bic') => {
    const key = state.ok === false ? state.fieldErrors?.[field]?.[0] : undefined;
    return key ? t.has(`errors.${key}` as never) ? t(`errors.${key}` as never) : t('errors.generic') : undefined;
  };
  return (
    <form
      noValidate
      className="space-y-3"
      onSubmit={(event) => {
        event.preventDefault();
        run(() => savePayoutAccountAction(values));
      }}
    >
      <PayoutFeedback state={state} />
      {(['name', 'iban', 'bic'] as const).map((field) => {
        const error = fieldError(field);
        return (
          <div key={field}>
            <label htmlFor={`payout-${field}`} className="font-semibold">
              {t(`account.${field}`)}
            </label>
            <input
              id={`payout-${field}`}
              name={field}
              className={input}
              value={values[field]}
              autoComplete="off"
              spellCheck={false}
              aria-invalid={error ? true : undefined}
              aria-describedby={error ? `payout-${field}-error` : undefined}
              onChange={(e) => setValues((v) => ({ ...v, [field]: e.target.value }))}
            />
            {error && (
              <p id={`payout-${field}-error`} className="mt-1 text-[var(--color-danger)]">
                {error}
              </p>
            )}
          </div>
        );
      })}
      <button type="submit" className={primaryButton} disabled={pending}>
        {t('account.save')}
      </button>
    </form>
  );
}

export function ExportBatchButton({ disabled }: { disabled: boolean }) {
  const t = useTranslations('payouts');
  const { state, pending, run } = useStaffAction();
  return (
    <div className="space-y-2">
      <PayoutFeedback state={state} />
      <button type="button" className={primaryButton} disabled={pending || disabled} onClick={() => run(() => exportPayoutBatchAction())}>
        {t('createBatch')}
      </button>
    </div>
  );
}

export function MarkPaidButton({ batchId, label }: { batchId: string; label: string }) {
  const t = useTranslations('payouts');
  const { state, pending, run } = useStaffAction();
  return (
    <div className="space-y-2">
      <PayoutFeedback state={state} />
      <button
        type="button"
        className={primaryButton}
        disabled={pending}
        aria-label={`${t('markPaid')}: ${label}`}
        onClick={() => {
          if (window.confirm(t('markPaidConfirm', { batch: label }))) run(() => markPayoutBatchPaidAction({ batchId }));
        }}
      >
        {t('markPaid')}
      </button>
    </div>
  );
}
