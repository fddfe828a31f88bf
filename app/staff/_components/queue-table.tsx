'use client';

import { CASE_PRIORITIES, CASE_STATUSES, CASE_TYPES, LOCALES } from '@/lib/core/enums';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useTranslations } from 'next-intl';
import { Checkbox, Dialog } from 'radix-ui';
import { useRef, useState, useTransition } from 'react';
import { carriers } from '@/lib/carriers/catalog';
import type { QueuePage } from '@/lib/cases/queue';
import { COUNT_CAP } from '@/lib/cases/queue-constants';
import type { QueueView } from '@/lib/cases/schemas';
import type { ErrorCode } from '@/lib/errors';
import { bulkAction } from '../actions';
import { FormError } from './form-error';
import { SlaBadge } from './sla-badge';

const VIEWS: QueueView[] = ['mine', 'unassigned', 'breaching', 'waiting', 'open', 'closed'];

/** The queue: server-rendered first page, then refreshed every 7 s (paused while the tab is hidden). */
export function QueueTable({ initial, search, me, staff }: { initial: QueuePage; search: Record<string, string>; me: string; staff: Array<{ id: string; name: string }> }) {
  const t = useTranslations('staff.queue');
  const router = useRouter();
  const queryClient = useQueryClient();
  const qs = new URLSearchParams(search).toString();
  const { data } = useQuery({
    queryKey: ['queue', qs],
    queryFn: async () => {
      const res = await fetch(`/staff/api/queue?${qs}`, { cache: 'no-store' });
      if (res.status === 401) router.push('/staff/login');
      if (!res.ok) throw new Error(`queue ${res.status}`);
      return (await res.json()) as QueuePage;
    },
    initialData: initial,
    refetchInterval: 7_000,
    refetchIntervalInBackground: false,
  });
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [error, setError] = useState<ErrorCode | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  const [assignTo, setAssignTo] = useState(me);
  const [tag, setTag] = useState('');
  const [closeOpen, setCloseOpen] = useState(false);
  const rowsRef = useRef<HTMLTableSectionElement>(null);
  const view = (search.view ?? 'open') as QueueView;
  const withParams = (patch: Record<string, string | undefined>) => {
    const p = new URLSearchParams(search);
    for (const [k, v] of Object.entries(patch)) {
      if (v === undefined) p.delete(k);
      else p.set(k, v);
    }
    return `/staff?${p.toString()}`;
  };

  const runBulk = (action: Parameters<typeof bulkAction>[0]['action']) =>
    startTransition(async () => {
      const result = await bulkAction({ caseIds: [...selected], action });
      if (result.ok) {
        setError(null);
        setNotice(t('bulkDone', { count: result.data.updated }));
        setSelected(new Set());
        await queryClient.invalidateQueries({ queryKey: ['queue'] });
      } else setError(result.code);
    });

  const toggle = (id: string, on: boolean) =>
    setSelected((s) => {
      const next = new Set(s);
      if (on) next.add(id);
      else next.delete(id);
      return next;
    });

  // j/k move between rows, Enter opens, x selects, a assigns the row to me.
  const onKeyDown = (event: React.KeyboardEvent<HTMLTableSectionElement>) => {
    const rows = Array.from(rowsRef.current?.querySelectorAll<HTMLTableRowElement>('tr[data-case]') ?? []);
    const index = rows.findIndex((r) => r.contains(document.activeElement));
    const row = rows[index];
    if (event.target instanceof HTMLInputElement || event.target instanceof HTMLSelectElement) return;
    if (event.key === 'j' || event.key === 'k') {
      event.preventDefault();
      const next = rows[Math.min(rows.length - 1, Math.max(0, index + (event.key === 'j' ? 1 : -1)))];
      next?.querySelector<HTMLAnchorElement>('a')?.focus();
    } else if (event.key === 'a' && row) {
      event.preventDefault();
      startTransition(async () => {
        await bulkAction({ caseIds: [row.dataset.case!], action: { kind: 'assign', assigneeId: me } });
        await queryClient.invalidateQueries({ queryKey: ['queue'] });
      });
    } else if (event.key === 'x' && row) {
      event.preventDefault();
      toggle(row.dataset.case!, !selected.has(row.dataset.case!));
    }
  };

  return (
    <div className="grid gap-4 lg:grid-cols-[14rem_1fr]">
      <nav aria-label={t('views')}>
        <ul className="space-y-1">
          {VIEWS.map((v) => (
            <li key={v}>
              <Link
                href={withParams({ view: v, after: undefined })}
                aria-current={v === view ? 'page' : undefined}
                className={`flex min-h-11 items-center justify-between rounded px-3 no-underline ${v === view ? 'bg-[var(--accent)] text-white' : 'text-[var(--color-ink)] hover:bg-white'}`}
              >
                <span>{t(`view.${v}`)}</span>
                <span data-testid={`count-${v}`}>{data.counts[v] >= COUNT_CAP ? `${COUNT_CAP}+` : data.counts[v]}</span>
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      <div className="min-w-0 space-y-3">
        <form method="get" action="/staff" role="search" className="flex flex-wrap items-end gap-2 rounded-lg border border-[var(--color-line)] bg-white p-3">
          <input type="hidden" name="view" value={view} />
          <div>
            <label htmlFor="q" className="block text-sm font-medium">
              {t('search')}
            </label>
            <input id="q" name="q" defaultValue={search.q ?? ''} maxLength={200} placeholder={t('searchHint')} className="min-h-11 w-72 rounded border border-[var(--color-muted)] px-3" />
          </div>
          {(['type', 'status', 'priority', 'language'] as const).map((f) => (
            <div key={f}>
              <label htmlFor={`f-${f}`} className="block text-sm font-medium">
                {t(`filter.${f}`)}
              </label>
              <select id={`f-${f}`} name={f} defaultValue={search[f] ?? ''} className="min-h-11 rounded border border-[var(--color-muted)] px-2">
                <option value="">{t('any')}</option>
                {FILTER_VALUES[f].map((value) => (
                  <option key={value} value={value}>
                    {t(`${f}.${value}` as 'type.return')}
                  </option>
                ))}
              </select>
            </div>
          ))}
          <div>
            <label htmlFor="f-carrier" className="block text-sm font-medium">
              {t('filter.carrier')}
            </label>
            <select id="f-carrier" name="carrier" defaultValue={search.carrier ?? ''} className="min-h-11 rounded border border-[var(--color-muted)] px-2">
              <option value="">{t('any')}</option>
              {carriers.map((c) => (
                <option key={c} value={c}>
                  {c}
                </option>
              ))}
            </select>
          </div>
          <div>
            <label htmlFor="f-assignee" className="block text-sm font-medium">
              {t('filter.assignee')}
            </label>
            <select id="f-assignee" name="assignee" defaultValue={search.assignee ?? ''} className="min-h-11 rounded border border-[var(--color-muted)] px-2">
              <option value="">{t('any')}</option>
              {staff.map((s) => (
                <option key={s.id} value={s.id}>
                  {s.name}
                </option>
              ))}
            </select>
          </div>
          <div>
            <label htmlFor="f-tag" className="block text-sm font-medium">
              {t('filter.tag')}
            </label>
            <input id="f-tag" name="tag" defaultValue={search.tag ?? ''} maxLength={40} className="min-h-11 w-28 rounded border border-[var(--color-muted)] px-2" />
          </div>
          <button type="submit" className="min-h-11 rounded bg-[var(--accent)] px-4 font-semibold text-white">
            {t('apply')}
          </button>
          <Link href={`/staff?view=${view}`} className="inline-flex min-h-11 items-center px-2">
            {t('clear')}
          </Link>
        </form>

        <div role="region" aria-label={t('bulk')} className="flex flex-wrap items-center gap-2">
          <span>{t('selected', { count: selected.size })}</span>
          <label htmlFor="bulk-assign" className="sr-only">
            {t('assignTo')}
          </label>
          <select id="bulk-assign" value={assignTo} onChange={(e) => setAssignTo(e.target.value)} className="min-h-11 rounded border border-[var(--color-muted)] px-2">
            {staff.map((s) => (
              <option key={s.id} value={s.id}>
                {s.name}
              </option>
            ))}
          </select>
          <button type="button" disabled={!selected.size || pending} onClick={() => runBulk({ kind: 'assign', assigneeId: assignTo })} className="min-h-11 rounded border border-[var(--color-line)] bg-white px-3 disabled:opacity-60">
            {t('assign')}
          </button>
          <label htmlFor="bulk-tag" className="sr-only">
            {t('tagLabel')}
          </label>
          <input id="bulk-tag" value={tag} onChange={(e) => setTag(e.target.value)} placeholder={t('tagLabel')} maxLength={40} className="min-h-11 w-28 rounded border border-[var(--color-muted)] px-2" />
          <button type="button" disabled={!selected.size || !tag.trim() || pending} onClick={() => runBulk({ kind: 'tag', tag: tag.trim() })} className="min-h-11 rounded border border-[var(--color-line)] bg-white px-3 disabled:opacity-60">
            {t('addTag')}
          </button>
          <Dialog.Root open={closeOpen} onOpenChange={setCloseOpen}>
            <Dialog.Trigger asChild>
              <button type="button" disabled={!selected.size || pending} className="min-h-11 rounded border border-[var(--color-line)] bg-white px-3 disabled:opacity-60">
                {t('close')}
              </button>
            </Dialog.Trigger>
            <Dialog.Portal>
              <Dialog.Overlay className="fixed inset-0 bg-black/40" />
              <Dialog.Content className="fixed left-1/2 top-1/3 w-[min(28rem,90vw)] -translate-x-1/2 rounded-lg bg-white p-5 shadow-lg">
                <Dialog.Title className="text-lg font-semibold">{t('closeTitle', { count: selected.size })}</Dialog.Title>
                <Dialog.Description className="mt-2">{t('closeBody')}</Dialog.Description>
                <div className="mt-4 flex justify-end gap-2">
                  <Dialog.Close asChild>
                    <button type="button" className="min-h-11 rounded border border-[var(--color-line)] px-3">
                      {t('cancel')}
                    </button>
                  </Dialog.Close>
                  <button
                    type="button"
                    className="min-h-11 rounded bg-[var(--accent)] px-3 font-semibold text-white"
                    onClick={() => {
                      setCloseOpen(false);
                      runBulk({ kind: 'close' });
                    }}
                  >
                    {t('confirmClose')}
                  </button>
                </div>
              </Dialog.Content>
            </Dialog.Portal>
          </Dialog.Root>
          <p role="status" className="text-sm">
            {notice}
          </p>
        </div>
        <FormError code={error} />

        <div className="overflow-x-auto rounded-lg border border-[var(--color-line)] bg-white" tabIndex={0} role="region" aria-label={t(`view.${view}`)}>
          <table className="w-full text-left text-sm">
            <caption className="sr-only">{t(`view.${view}`)}</caption>
            <thead className="border-b border-[var(--color-line)] bg-[var(--color-canvas)]">
              <tr>
                <th scope="col" className="p-2">
                  <span className="sr-only">{t('select')}</span>
                </th>
                <th scope="col" className="p-2">{t('col.sla')}</th>
                <th scope="col" className="p-2">{t('col.case')}</th>
                <th scope="col" className="p-2">{t('col.customer')}</th>
                <th scope="col" className="p-2">{t('col.order')}</th>
                <th scope="col" className="p-2">{t('col.status')}</th>
                <th scope="col" className="p-2">{t('col.assignee')}</th>
              </tr>
            </thead>
            <tbody ref={rowsRef} onKeyDown={onKeyDown}>
              {data.rows.length === 0 && (
                <tr>
                  <td colSpan={7} className="p-4 text-center text-[var(--color-muted)]">
                    {t('empty')}
                  </td>
                </tr>
              )}
              {data.rows.map((row) => (
                <tr key={row.id} data-case={row.id} className="border-b border-[var(--color-line)] last:border-0">
                  <td className="p-2">
                    <Checkbox.Root
                      checked={selected.has(row.id)}
                      onCheckedChange={(v) => toggle(row.id, v === true)}
                      aria-label={t('selectCase', { number: row.number })}
                      className="flex h-6 w-6 items-center justify-center rounded border border-[var(--color-muted)] bg-white"
                    >
                      <Checkbox.Indicator>✓</Checkbox.Indicator>
                    </Checkbox.Root>
                  </td>
                  <td className="p-2">
                    <SlaBadge sla={row.sla} />
                  </td>
                  <td className="p-2">
                    <Link href={`/staff/cases/${row.id}`} className="font-medium">
                      #{row.number} {row.subject}
                    </Link>
                    <div className="text-[var(--color-muted)]">
                      {t(`type.${row.type}` as 'type.return')} · {t(`priority.${row.priority}` as 'priority.normal')}
                      {row.tags.length > 0 && ` · ${row.tags.join(', ')}`}
                    </div>
                  </td>
                  <td className="p-2">
                    {row.customerName ?? ''}
                    <div className="text-[var(--color-muted)]">{row.customerEmail}</div>
                  </td>
                  <td className="whitespace-nowrap p-2">{row.orderNumber ?? '—'}</td>
                  <td className="p-2">{t(`status.${row.status}` as 'status.open')}</td>
                  <td className="p-2">{row.assigneeName ?? t('unassigned')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <div className="flex gap-3">
          {search.after && <Link href={withParams({ after: undefined })}>{t('firstPage')}</Link>}
          {data.nextCursor && <Link href={withParams({ after: data.nextCursor })}>{t('nextPage')}</Link>}
          <button type="button" onClick={() => router.refresh()} className="sr-only">
            {t('refresh')}
          </button>
        </div>
      </div>
    </div>
  );
}

const FILTER_VALUES = {
  type: CASE_TYPES,
  status: CASE_STATUSES,
  priority: CASE_PRIORITIES,
  language: LOCALES,
} as const;
