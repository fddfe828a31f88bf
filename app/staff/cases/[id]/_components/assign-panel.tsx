'use client';

import { useRouter } from 'next/navigation';
import { useTranslations } from 'next-intl';
import { useEffect, useRef, useState, useTransition } from 'react';
import type { ErrorCode } from '@/lib/errors';
import { assignCaseAction } from '../../../actions';
import { FormError } from '../../../_components/form-error';
import { isShortcut } from '../../../_components/keys';
import { SubmitButton } from '../../../_components/submit-button';

/**
 * `header`: who has the case and "Assign to me" (key `a`), in the case header; `transfer`: hand the
 * case to a colleague with a reason, in the side column.
 */
export function AssignPanel({
  caseId,
  version,
  assigneeId,
  me,
  staff,
  part = 'transfer',
  assigneeName = null,
}: {
  caseId: string;
  version: number;
  assigneeId: string | null;
  me: string;
  staff: Array<{ id: string; name: string }>;
  part?: 'header' | 'transfer';
  assigneeName?: string | null;
}) {
  const t = useTranslations('staff.case');
  const td = useTranslations('staff.desk.case');
  const tq = useTranslations('staff.queue');
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
  const assignToMe = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (part !== 'header') return;
    const onKey = (event: KeyboardEvent) => {
      if (!isShortcut(event) || event.key !== 'a' || !assignToMe.current) return;
      event.preventDefault();
      assignToMe.current.click();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [part]);
  if (part === 'header') {
    const name = assigneeName ?? staff.find((s) => s.id === assigneeId)?.name;
    return (
      <div className="flex flex-wrap items-center gap-2">
        <span>
          {td('assignee')}: <strong data-testid="case-assignee">{assigneeId ? (name ?? td('someone')) : tq('unassigned')}</strong>
        </span>
        {assigneeId !== me && (
          <button ref={assignToMe} type="button" aria-keyshortcuts="a" disabled={pending} onClick={() => run(me)} className="min-h-11 rounded bg-[var(--accent)] px-4 font-semibold text-white">
            {t('assignToMe')}
          </button>
        )}
        <FormError code={error} />
      </div>
    );
  }
  return (
    <div className="space-y-2 rounded-lg border border-[var(--color-line)] bg-white p-3">
      <h2 className="font-semibold">{t('assignment')}</h2>
      <FormError code={error} messages={{ invalid_input: t('reasonRequired') }} />
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
        <SubmitButton pending={pending} disabled={!target} className="min-h-11 rounded border border-[var(--color-line)] px-3">
          {t('transfer')}
        </SubmitButton>
      </form>
    </div>
  );
}
