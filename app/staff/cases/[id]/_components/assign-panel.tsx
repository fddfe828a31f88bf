'use client';

import { useRouter } from 'next/navigation';
import { useTranslations } from 'next-intl';
import { useState, useTransition } from 'react';
import type { ErrorCode } from '@/lib/errors';
import { assignCaseAction } from '../../../actions';
import { FormError } from '../../../_components/form-error';

export function AssignPanel({ caseId, version, assigneeId, me, staff }: { caseId: string; version: number; assigneeId: string | null; me: string; staff: Array<{ id: string; name: string }> }) {
  const t = useTranslations('staff.case');
  const router = useRouter();
  const [target, setTarget] = useState(staff.find((s) => s.id !== me)?.id ?? '');
  const [reason, setReason] = useState('');
  const [error, setError] = useState<ErrorCode | null>(null);
  const [pending, startTransition] = useTransition();
  const run = (assignee: string | null, why?: string) =>
    startTransition(async () => {
      const result = await assignCaseAction({ caseId, version, assigneeId: assignee, reason: why });
      if (result.ok) {
        setError(null);
        setReason('');
      } else setError(result.code);
      router.refresh();
    });
  return (
    <div className="space-y-2 rounded-lg border border-[var(--color-line)] bg-white p-3">
      <h2 className="font-semibold">{t('assignment')}</h2>
      <FormError code={error} messages={{ invalid_input: t('reasonRequired') }} />
      {assigneeId !== me && (
        <button type="button" disabled={pending} onClick={() => run(me)} className="min-h-11 rounded bg-[var(--accent)] px-4 font-semibold text-white">
          {t('assignToMe')}
        </button>
      )}
      <form
        className="space-y-2"
        onSubmit={(e) => {
          e.preventDefault();
          run(target, reason);
        }}
      >
        <label htmlFor="transfer-to" className="block text-sm font-medium">
          {t('transferTo')}
        </label>
        <select id="transfer-to" value={target} onChange={(e) => setTarget(e.target.value)} className="min-h-11 rounded border border-[var(--color-muted)] px-2">
          {staff
            .filter((s) => s.id !== me)
            .map((s) => (
              <option key={s.id} value={s.id}>
                {s.name}
              </option>
            ))}
        </select>
        <label htmlFor="transfer-reason" className="block text-sm font-medium">
          {t('transferReason')}
        </label>
        <input id="transfer-reason" value={reason} onChange={(e) => setReason(e.target.value)} maxLength={500} className="min-h-11 w-full rounded border border-[var(--color-muted)] px-2" />
        <button type="submit" disabled={pending || !target} className="min-h-11 rounded border border-[var(--color-line)] px-3">
          {t('transfer')}
        </button>
      </form>
    </div>
  );
}
