'use client';

import { useRouter } from 'next/navigation';
import { useTranslations } from 'next-intl';
import { useState, useTransition } from 'react';
import { mergeTags } from '@/lib/cases/merge-case-fields';
import type { ErrorCode } from '@/lib/errors';
import { updateCaseAction } from '../../../actions';
import { FormError } from '../../../_components/form-error';
import { SubmitButton } from '../../../_components/submit-button';

type Fields = { status: string; priority: string; tags: string[]; assigneeId: string | null };
const STATUSES = ['open', 'waiting_customer', 'waiting_carrier', 'resolved', 'closed'] as const;
const PRIORITIES = ['low', 'normal', 'high', 'urgent'] as const;

/**
 * Status, priority and tags with optimistic locking: a save on top of someone else's change is
 * refused with what they changed; the agent's own edits stay in the form for a second save.
 */
export function CaseFieldsForm({ caseId, version, initial }: { caseId: string; version: number; initial: Fields }) {
  const t = useTranslations('staff.case');
  const tq = useTranslations('staff.queue');
  const tc = useTranslations('staff.caseConflict');
  const router = useRouter();
  const [base, setBase] = useState({ version, ...initial });
  const [status, setStatus] = useState(initial.status);
  const [priority, setPriority] = useState(initial.priority);
  const [tags, setTags] = useState(initial.tags.join(', '));
  const [conflict, setConflict] = useState<Array<{ field: string; theirs: string }> | null>(null);
  const [error, setError] = useState<ErrorCode | null>(null);
  const [saved, setSaved] = useState(false);
  const [pending, startTransition] = useTransition();
  // The page re-renders with a newer version (a reply, someone else's save): adopt it unless the agent is mid-edit.
  const [seenVersion, setSeenVersion] = useState(version);
  if (version !== seenVersion) {
    setSeenVersion(version);
    const untouched = status === base.status && priority === base.priority && tags === base.tags.join(', ');
    if (untouched && version > base.version) {
      setBase({ version, ...initial });
      setStatus(initial.status);
      setPriority(initial.priority);
      setTags(initial.tags.join(', '));
    }
  }

  const save = () =>
    startTransition(async () => {
      setSaved(false);
      const tagList = tags.split(',').map((s) => s.trim().toLowerCase()).filter(Boolean);
      const seen = { status: base.status as never, priority: base.priority as never, tags: base.tags, assigneeId: base.assigneeId };
      const result = await updateCaseAction({ caseId, version: base.version, status: status as never, priority: priority as never, tags: tagList, seen });
      if (result.ok) {
        setConflict(null);
        setError(null);
        setSaved(true);
        setBase({ version: result.data.version, status, priority, tags: tagList, assigneeId: base.assigneeId });
        router.refresh();
      } else if (result.code === 'conflict' && 'current' in result) {
        const cur = result.current;
        // Each field someone else changed, by its name and with their value (the server compares with what this form started from).
        const changed = (result.changes ?? []).map((c) => {
          if (c.field === 'status') return { field: t('status'), theirs: tq(`status.${c.value}` as 'status.open') };
          if (c.field === 'priority') return { field: t('priority'), theirs: tq(`priority.${c.value}` as 'priority.normal') };
          if (c.field === 'tags') return { field: t('tags'), theirs: c.value.join(', ') || tc('noTags') };
          if (c.field === 'assignee') return { field: tc('assignee'), theirs: c.value ?? tq('unassigned') };
          return { field: tc('activity'), theirs: tc('activityValue') };
        });
        setConflict(changed);
        // Keep the agent's own edits; fields they did not touch take the other agent's values, and
        // the tags merge (the other agent's stay, this agent's additions and removals apply), so the
        // next save applies only this agent's changes on top of the current version.
        if (status === base.status) setStatus(cur.status);
        if (priority === base.priority) setPriority(cur.priority);
        setTags(mergeTags(base.tags, tagList, cur.tags).join(', '));
        setBase({ version: cur.version, status: cur.status, priority: cur.priority, tags: cur.tags, assigneeId: cur.assigneeId });
        router.refresh();
      } else setError(result.code);
    });

  return (
    <form
      className="flex flex-wrap items-end gap-3"
      onSubmit={(e) => {
        e.preventDefault();
        save();
      }}
    >
      <h2 id="case-fields" className="sr-only">
        {t('fields')}
      </h2>
      {conflict && (
        <div role="alert" className="basis-full rounded border border-[var(--color-warn)] bg-[var(--color-warn-bg)] p-3 text-[var(--color-warn)]">
          <p className="font-semibold">{t('conflictTitle')}</p>
          <ul className="list-disc pl-5">
            {conflict.map((c) => (
              <li key={c.field}>{t('conflictField', { field: c.field, value: c.theirs })}</li>
            ))}
          </ul>
          <p>{t('conflictKept')}</p>
        </div>
      )}
      <FormError code={error} />
      <div className="contents">
        <div>
          <label htmlFor="case-status" className="block text-sm font-medium">
            {t('status')}
          </label>
          <select id="case-status" value={status} onChange={(e) => setStatus(e.target.value)} className="min-h-11 rounded border border-[var(--color-muted)] px-2">
            {STATUSES.map((s) => (
              <option key={s} value={s}>
                {tq(`status.${s}`)}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="case-priority" className="block text-sm font-medium">
            {t('priority')}
          </label>
          <select id="case-priority" value={priority} onChange={(e) => setPriority(e.target.value)} className="min-h-11 rounded border border-[var(--color-muted)] px-2">
            {PRIORITIES.map((p) => (
              <option key={p} value={p}>
                {tq(`priority.${p}`)}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="case-tags" className="block text-sm font-medium">
            {t('tags')}
          </label>
          <input id="case-tags" value={tags} onChange={(e) => setTags(e.target.value)} maxLength={400} className="min-h-11 w-40 rounded border border-[var(--color-muted)] px-2" />
        </div>
      </div>
      <div className="flex items-center gap-3">
        <SubmitButton pending={pending} className="min-h-11 rounded bg-[var(--accent)] px-4 font-semibold text-white disabled:opacity-70">
          {conflict ? t('saveAgain') : t('save')}
        </SubmitButton>
        <span role="status">{saved ? t('saved') : ''}</span>
      </div>
    </form>
  );
}
