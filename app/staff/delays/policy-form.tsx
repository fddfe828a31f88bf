'use client';

import { useTranslations } from 'next-intl';
import { useRouter } from 'next/navigation';
import { useState, useTransition } from 'react';
import { type SendPolicyInput, sendPolicySchema } from '@/lib/delays/schemas';
import type { StaffActionState } from '../_components/staff-action';
import { setSendPolicyAction } from './actions';
import { DelaysFeedback } from './feedback';
import { SubmitButton } from '../_components/submit-button';

/** Admin: automatic or wait-for-staff, per kind. */
export function PolicyForm({ policy }: { policy: SendPolicyInput['sendPolicy'] }) {
  const t = useTranslations('staffDelays');
  const router = useRouter();
  const [values, setValues] = useState(policy);
  const [state, setState] = useState<StaffActionState>({ ok: null });
  const [pending, startTransition] = useTransition();
  return (
    <form
      noValidate
      className="space-y-3"
      onSubmit={(e) => {
        e.preventDefault();
        const parsed = sendPolicySchema.safeParse({ sendPolicy: values });
        if (!parsed.success) return setState({ ok: false, code: 'invalid_input' });
        startTransition(async () => {
          const result = await setSendPolicyAction(parsed.data);
          setState(result);
          if (result.ok) router.refresh();
        });
      }}
    >
      <DelaysFeedback state={state} />
      <div className="grid gap-2 sm:grid-cols-2 lg:grid-cols-4">
        {Object.entries(values).map(([kind, value]) => (
          <div key={kind}>
            <label htmlFor={`policy-${kind}`} className="block text-sm font-medium">
              {t(`kinds.${kind}` as 'kinds.eta_breached')}
            </label>
            <select
              id={`policy-${kind}`}
              name={kind}
              value={value}
              onChange={(e) => setValues((v) => ({ ...v, [kind]: e.target.value as 'auto' | 'manual' }))}
              className="min-h-11 w-full rounded border border-[var(--color-muted)] px-2"
            >
              <option value="auto">{t('policies.auto')}</option>
              <option value="manual">{t('policies.manual')}</option>
            </select>
          </div>
        ))}
      </div>
      <SubmitButton pending={pending} className="min-h-11 rounded bg-[var(--accent)] px-4 font-semibold text-white disabled:opacity-70">
        {t('savePolicy')}
      </SubmitButton>
    </form>
  );
}
