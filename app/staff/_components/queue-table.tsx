'use client';

import { CASE_PRIORITIES, CASE_STATUSES, CASE_TYPES, LOCALES } from '@/lib/core/enums';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import Link from 'next/link';
import { usePathname, useRouter } from 'next/navigation';
import { useLocale, useTranslations } from 'next-intl';
import { Dialog } from 'radix-ui';
import { useEffect, useRef, useState, useTransition } from 'react';
import { carrierName, carriers } from '@/lib/carriers/catalog';
import type { QueuePage, QueueRow } from '@/lib/cases/queue';
import { COUNT_CAP } from '@/lib/cases/queue-constants';
import type { QueueView } from '@/lib/cases/schemas';
import type { ErrorCode } from '@/lib/errors';
import { numberFormat } from '@/lib/core/formatters';
import { bulkAction, updateCaseAction } from '../actions';
import { FormError } from './form-error';
import { isShortcut } from './keys';
import { pendingSearch } from './pending-search';
import { SlaBadge } from './sla-badge';
import { Badge, type BadgeTone } from '../_ui/badge';
import { useCoalesced, useLive } from './use-live';

const VIEWS: QueueView[] = ['mine', 'myTeams', 'unassigned', 'breaching', 'waiting', 'open', 'closed'];
/** Only a priority off the normal gets a badge: an urgent or high case stands out, a low one recedes. */
const PRIORITY_TONE: Record<string, BadgeTone> = { urgent: 'danger', high: 'warning', low: 'neutral' };

/** "3 d", "5 h", "12 min": the case's age in the agent's language (units from Intl, no catalog needed). */
function age(locale: string, fromIso: string, nowIso: string): string {
  const minutes = Math.max(0, Math.floor((Date.parse(nowIso) - Date.parse(fromIso)) / 60_000));
  const [value, unit] = minutes >= 1440 ? [Math.floor(minutes / 1440), 'day'] : minutes >= 60 ? [Math.floor(minutes / 60), 'hour'] : [minutes, 'minute'];
  return numberFormat(locale, { style: 'unit', unit, unitDisplay: 'narrow' }).format(value);
}

/**
 * The queue: server-rendered first page, then refreshed when a case changes (server-sent events from
 * /staff/api/live); a 15 s poll while the stream is down (paused while the tab is hidden).
 * Filters are the URL (router.replace on change, so reload and links keep them); the keyboard works
 * from page load: j/k move, Enter opens, a assigns to me, e resolves, x selects.
 */
export function QueueTable({
  initial,
  search,
  me,
  staff,
  teams,
}: {
  initial: QueuePage;
  search: Record<string, string>;
  me: string;
  staff: Array<{ id: string; name: string }>;
  teams: Array<{ id: string; name: string }>;
}) {
  const t = useTranslations('staff.queue');
  const td = useTranslations('staff.desk.queue');
  const tr = useTranslations('refunds.desk');
  const tShip = useTranslations('shipNow.staff');
  const locale = useLocale();
  const router = useRouter();
  const pathname = usePathname();
  const queryClient = useQueryClient();
  const qs = new URLSearchParams(search).toString();
  // Live: any case change is pushed over server-sent events and refreshes the queue (at most once a second);
  // while the stream is down a slow poll stands in.
  const refetchSoon = useCoalesced(() => void queryClient.invalidateQueries({ queryKey: ['queue'] }), 1_000);
  const live = useLive('/staff/api/live', { queue: refetchSoon });
  const { data } = useQuery({
    queryKey: ['queue', qs],
    queryFn: async () => {
      const res = await fetch(`/staff/api/queue?${qs}`, { cache: 'no-store' });
      if (res.status === 401) router.push('/staff/login');
      if (!res.ok) throw new Error(`queue ${res.status}`);
      return (await res.json()) as QueuePage;
    },
    initialData: initial,
    refetchInterval: live ? false : 15_000,
    refetchIntervalInBackground: false,
  });
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [error, setError] = useState<ErrorCode | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  const [assignTo, setAssignTo] = useState(me);
  const [tag, setTag] = useState('');
  const [closeOpen, setCloseOpen] = useState(false);
  const [active, setActive] = useState(-1);
  const [q, setQ] = useState(search.q ?? '');
  // "Clear filters" (a link) empties the URL's search: empty the box too.
  const [seenQ, setSeenQ] = useState(search.q ?? '');
  if ((search.q ?? '') !== seenQ) {
    setSeenQ(search.q ?? '');
    if (!search.q) setQ('');
  }
  const rowsRef = useRef<HTMLTableSectionElement>(null);
  const view = (search.view ?? 'open') as QueueView;
  const hrefWith = (patch: Record<string, string | undefined>) => {
    const p = new URLSearchParams(search);
    for (const [k, v] of Object.entries(patch)) {
      if (v === undefined || v === '') p.delete(k);
      else p.set(k, v);
    }
    return `/staff?${p.toString()}`;
  };
  // A filter applies at once: the URL changes (replace, not a new history entry) and the page re-renders.
  const applyFilter = (patch: Record<string, string | undefined>) => router.replace(hrefWith({ ...patch, after: undefined }), { scroll: false });

  // The search filter applies as the agent pauses typing; Enter applies it at once. A pending run is
  // cancelled when any link is clicked (navigation starts) or the queue unmounts: fired late, its
  // router.replace would send the agent from the case they opened back to the queue.
  const [typedSearch] = useState(() => pendingSearch(350));
  const typeSearch = (value: string) => {
    setQ(value);
    if ((search.q ?? '') === value.trim()) typedSearch.cancel();
    else typedSearch.schedule(() => applyFilter({ q: value.trim() || undefined }));
  };
  useEffect(() => {
    const onClick = (event: MouseEvent) => {
      if (event.target instanceof Element && event.target.closest('a[href]')) typedSearch.cancel();
    };
    document.addEventListener('click', onClick, true);
    return () => {
      document.removeEventListener('click', onClick, true);
      typedSearch.cancel();
    };
  }, [typedSearch]);

  const refresh = async () => {
    await queryClient.invalidateQueries({ queryKey: ['queue'] });
  };

  const runBulk = (action: Parameters<typeof bulkAction>[0]['action']) =>
    startTransition(async () => {
      const result = await bulkAction({ caseIds: [...selected], action });
      if (result.ok) {
        setError(null);
        setNotice(t('bulkDone', { count: result.data.updated }));
        setSelected(new Set());
        await refresh();
      } else setError(result.code);
    });

  const toggle = (id: string, on: boolean) =>
    setSelected((s) => {
      const next = new Set(s);
      if (on) next.add(id);
      else next.delete(id);
      return next;
    });

  const rows = data.rows;

  // The queue's shortcuts listen on the document: they work from page load, without clicking into the table.
  useEffect(() => {
    const focusRow = (index: number) => {
      setActive(index);
      rowsRef.current?.querySelectorAll<HTMLAnchorElement>('tr[data-case] a[data-case-link]')[index]?.focus();
    };
    const onKey = (event: KeyboardEvent) => {
      if (!isShortcut(event)) return;
      const list: QueueRow[] = rows;
      // The row with focus wins (Tab or a click moved it); else the one j/k last chose.
      const focused = Array.from(rowsRef.current?.querySelectorAll('tr[data-case]') ?? []).findIndex((r) => r.contains(document.activeElement));
      const index = focused >= 0 ? focused : active;
      const row = list[index];
      if (event.key === 'j' || event.key === 'k') {
        if (list.length === 0) return;
        event.preventDefault();
        focusRow(index < 0 ? 0 : Math.min(list.length - 1, Math.max(0, index + (event.key === 'j' ? 1 : -1))));
      } else if (event.key === 'Enter' && row) {
        // A focused link opens itself; otherwise open the chosen row.
        if (document.activeElement instanceof HTMLAnchorElement || document.activeElement instanceof HTMLButtonElement) return;
        event.preventDefault();
        typedSearch.cancel();
        router.push(`/staff/cases/${row.id}`);
      } else if (event.key === 'a' && row) {
        event.preventDefault();
        startTransition(async () => {
          const result = await bulkAction({ caseIds: [row.id], action: { kind: 'assign', assigneeId: me } });
          if (result.ok) {
            setError(null);
            setNotice(td('assigned', { number: row.number }));
          } else setError(result.code);
          await refresh();
        });
      } else if (event.key === 'e' && row) {
        event.preventDefault();
        startTransition(async () => {
          const result = await updateCaseAction({ caseId: row.id, version: row.version, status: 'resolved' });
          if (result.ok) {
            setError(null);
            setNotice(td('resolved', { number: row.number }));
          } else setError(result.code);
          await refresh();
        });
      } else if (event.key === 'x' && row) {
        event.preventDefault();
        toggle(row.id, !selected.has(row.id));
      }
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- re-subscribes when the rows, the choice or the selection change
  }, [rows, active, selected, me, router]);

  const select = 'min-h-9 rounded border border-[var(--color-muted)] bg-white px-1 text-sm';
  return (
    <div className="min-w-0 space-y-2">
      <nav aria-label={t('views')}>
        <ul className="flex flex-wrap gap-1">
          {VIEWS.map((v) => (
            <li key={v}>
              <Link
                href={hrefWith({ view: v, after: undefined })}
                aria-current={v === view ? 'page' : undefined}
                className={`flex min-h-9 items-center gap-2 rounded px-3 text-sm no-underline ${v === view ? 'bg-[var(--accent)] text-white' : 'border border-[var(--color-line)] bg-white text-[var(--color-ink)]'}`}
              >
                <span>{t(`view.${v}`)}</span>
                <span data-testid={`count-${v}`} className="font-semibold">
                  {data.counts[v] >= COUNT_CAP ? `${COUNT_CAP}+` : data.counts[v]}
                </span>
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      <form
        role="search"
        aria-label={td('filters')}
        className="flex flex-wrap items-center gap-x-3 gap-y-1 rounded-lg border border-[var(--color-line)] bg-white px-2 py-1"
        onSubmit={(e) => {
          e.preventDefault();
          typedSearch.now(() => applyFilter({ q: q.trim() || undefined }));
        }}
      >
        <label className="flex items-center gap-1 text-sm font-medium">
          {t('search')}
          <input id="q" name="q" type="search" value={q} onChange={(e) => typeSearch(e.target.value)} maxLength={200} placeholder={t('searchHint')} className="min-h-9 w-64 rounded border border-[var(--color-muted)] px-2 font-normal" />
        </label>
        {(['type', 'status', 'priority', 'language'] as const).map((f) => (
          <label key={f} className="flex items-center gap-1 text-sm font-medium">
            {t(`filter.${f}`)}
            <select id={`f-${f}`} name={f} value={search[f] ?? ''} onChange={(e) => applyFilter({ [f]: e.target.value })} className={select}>
              <option value="">{t('any')}</option>
              {FILTER_VALUES[f].map((value) => (
                <option key={value} value={value}>
                  {t(`${f}.${value}` as 'type.return')}
                </option>
              ))}
            </select>
          </label>
        ))}
        <label className="flex items-center gap-1 text-sm font-medium">
          {t('filter.carrier')}
          <select id="f-carrier" name="carrier" value={search.carrier ?? ''} onChange={(e) => applyFilter({ carrier: e.target.value })} className={select}>
            <option value="">{t('any')}</option>
            {carriers.map((c) => (
              <option key={c} value={c}>
                {carrierName(c)}
              </option>
            ))}
          </select>
        </label>
        <label className="flex items-center gap-1 text-sm font-medium">
          {t('filter.assignee')}
          <select id="f-assignee" name="assignee" value={search.assignee ?? ''} onChange={(e) => applyFilter({ assignee: e.target.value })} className={select}>
            <option value="">{t('any')}</option>
            {staff.map((s) => (
              <option key={s.id} value={s.id}>
                {s.name}
              </option>
            ))}
          </select>
        </label>
        <label className="flex items-center gap-1 text-sm font-medium">
          {t('filter.team')}
          <select id="f-team" name="team" value={search.team ?? ''} onChange={(e) => applyFilter({ team: e.target.value })} className={select}>
            <option value="">{t('any')}</option>
            {teams.map((team) => (
              <option key={team.id} value={team.id}>
                {team.name}
              </option>
            ))}
          </select>
        </label>
        <label className="flex items-center gap-1 text-sm font-medium">
          {t('filter.tag')}
          <input
            id="f-tag"
            key={search.tag ?? ''}
            name="tag"
            defaultValue={search.tag ?? ''}
            maxLength={40}
            onBlur={(e) => e.target.value.trim() !== (search.tag ?? '') && applyFilter({ tag: e.target.value.trim() })}
            onKeyDown={(e) => e.key === 'Enter' && (e.preventDefault(), applyFilter({ tag: e.currentTarget.value.trim() }))}
            className="min-h-9 w-24 rounded border border-[var(--color-muted)] px-2 font-normal"
          />
        </label>
        <Link href={`${pathname}?view=${view}`} className="inline-flex min-h-9 items-center px-1 text-sm">
          {t('clear')}
        </Link>
      </form>

      <div role="region" aria-label={t('bulk')} className="flex flex-wrap items-center gap-2 text-sm">
        <span>{t('selected', { count: selected.size })}</span>
        <label htmlFor="bulk-assign" className="sr-only">
          {t('assignTo')}
        </label>
        <select id="bulk-assign" value={assignTo} onChange={(e) => setAssignTo(e.target.value)} className={select}>
          {staff.map((s) => (
            <option key={s.id} value={s.id}>
              {s.name}
            </option>
          ))}
        </select>
        <button type="button" disabled={!selected.size || pending} onClick={() => runBulk({ kind: 'assign', assigneeId: assignTo })} className="min-h-9 rounded border border-[var(--color-line)] bg-white px-3 disabled:opacity-60">
          {t('assign')}
        </button>
        <label htmlFor="bulk-tag" className="sr-only">
          {t('tagLabel')}
        </label>
        <input id="bulk-tag" value={tag} onChange={(e) => setTag(e.target.value)} placeholder={t('tagLabel')} maxLength={40} className="min-h-9 w-24 rounded border border-[var(--color-muted)] px-2" />
        <button type="button" disabled={!selected.size || !tag.trim() || pending} onClick={() => runBulk({ kind: 'tag', tag: tag.trim() })} className="min-h-9 rounded border border-[var(--color-line)] bg-white px-3 disabled:opacity-60">
          {t('addTag')}
        </button>
        <Dialog.Root open={closeOpen} onOpenChange={setCloseOpen}>
          <Dialog.Trigger asChild>
            <button type="button" disabled={!selected.size || pending} className="min-h-9 rounded border border-[var(--color-line)] bg-white px-3 disabled:opacity-60">
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
        <p className="ml-auto text-xs text-[var(--color-muted)]">{td('keysHint')}</p>
      </div>
      <FormError code={error} />

      <div className="overflow-x-auto rounded-lg border border-[var(--color-line)] bg-white" role="region" aria-label={t(`view.${view}`)} aria-keyshortcuts="j k Enter a e x">
        <table className="w-full min-w-[60rem] table-fixed text-left text-sm" data-testid="queue-table">
          <caption className="sr-only">{t(`view.${view}`)}</caption>
          <colgroup>
            <col className="w-8" />
            <col className="w-[6.5rem]" />
            <col className="w-[5.5rem]" />
            <col className="w-[6.5rem]" />
            <col />
            <col className="w-[10rem]" />
            <col className="w-[7rem]" />
            <col />
            <col className="w-[4rem]" />
            <col className="w-[8rem]" />
          </colgroup>
          <thead className="border-b border-[var(--color-line)] bg-[var(--color-canvas)] text-xs">
            <tr>
              <th scope="col" className="px-2 py-1">
                <span className="sr-only">{t('select')}</span>
              </th>
              <th scope="col" className="px-1 py-1">{t('col.sla')}</th>
              <th scope="col" className="px-1 py-1">{td('col.priority')}</th>
              <th scope="col" className="px-1 py-1">{td('col.type')}</th>
              <th scope="col" className="px-1 py-1">{t('col.case')}</th>
              <th scope="col" className="px-1 py-1">{t('col.customer')}</th>
              <th scope="col" className="px-1 py-1">{t('col.order')}</th>
              <th scope="col" className="px-1 py-1">{td('col.preview')}</th>
              <th scope="col" className="px-1 py-1">{td('col.age')}</th>
              <th scope="col" className="px-1 py-1">{t('col.assignee')}</th>
            </tr>
          </thead>
          <tbody ref={rowsRef}>
            {rows.length === 0 && (
              <tr>
                <td colSpan={10} className="p-4 text-center text-[var(--color-muted)]">
                  {t('empty')}
                </td>
              </tr>
            )}
            {rows.map((row, i) => (
              <tr
                key={row.id}
                data-case={row.id}
                data-active={i === active || undefined}
                onClick={() => setActive(i)}
                className={`h-8 border-b border-[var(--color-line)] last:border-0 ${i === active ? 'bg-[#eef3fb] outline outline-2 -outline-offset-2 outline-[var(--accent)]' : 'hover:bg-[var(--color-canvas)]'}`}
              >
                <td className="px-2">
                  {/* A native checkbox: a row renders in a fraction of a Radix Checkbox's components, and the queue renders dozens. */}
                  <input
                    type="checkbox"
                    checked={selected.has(row.id)}
                    onChange={(e) => toggle(row.id, e.target.checked)}
                    aria-label={t('selectCase', { number: row.number })}
                    className="h-5 w-5 accent-[var(--accent)]"
                  />
                </td>
                <td className="truncate px-1">
                  <SlaBadge sla={row.sla} compact />
                </td>
                <td className="px-1">
                  {PRIORITY_TONE[row.priority] ? (
                    <Badge tone={PRIORITY_TONE[row.priority]} compact>
                      {t(`priority.${row.priority}` as 'priority.normal')}
                    </Badge>
                  ) : (
                    t(`priority.${row.priority}` as 'priority.normal')
                  )}
                </td>
                <td className="truncate px-1" title={t(`type.${row.type}` as 'type.return')}>
                  {t(`type.${row.type}` as 'type.return')}
                </td>
                <td className="truncate px-1" title={`#${row.number} ${row.subject}${row.tags.length ? ` · ${row.tags.join(', ')}` : ''}`}>
                  <Link href={`/staff/cases/${row.id}`} data-case-link aria-keyshortcuts="Enter" onFocus={() => setActive(i)} className="font-medium">
                    #{row.number} {row.subject}
                  </Link>
                  {row.tags.includes('ship_now') && (
                    <Badge data-testid="queue-ship-now" compact className="ml-1">
                      {tShip('queueTag')}
                    </Badge>
                  )}
                  {row.refundFailed && (
                    <Badge data-testid="queue-refund-failed" tone="danger" compact className="ml-1">
                      {tr('queueBadge')}
                    </Badge>
                  )}
                </td>
                <td className="truncate px-1" title={`${row.customerName ?? ''} <${row.customerEmail}>`}>
                  {row.customerName ?? row.customerEmail}
                </td>
                <td className="truncate whitespace-nowrap px-1">{row.orderNumber ?? '—'}</td>
                <td className="truncate px-1 text-[var(--color-muted)]" title={row.preview ?? ''}>
                  {row.preview ?? '—'}
                </td>
                <td className="whitespace-nowrap px-1">
                  <time dateTime={row.createdAt}>{age(locale, row.createdAt, data.generatedAt)}</time>
                </td>
                <td className="truncate px-1" data-testid="assignee" title={row.assigneeName ?? t('unassigned')}>
                  {row.assigneeName ?? t('unassigned')}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <div className="flex gap-3">
        {search.after && <Link href={hrefWith({ after: undefined })}>{t('firstPage')}</Link>}
        {data.nextCursor && <Link href={hrefWith({ after: data.nextCursor })}>{t('nextPage')}</Link>}
        <button type="button" onClick={() => router.refresh()} className="sr-only">
          {t('refresh')}
        </button>
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
