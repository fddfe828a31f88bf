'use client';

import { AlertDialog } from 'radix-ui';
import { ConfirmDialogContent } from '../_ui/confirm-dialog';
import { useTranslations } from 'next-intl';
import { useRouter } from 'next/navigation';
import { useState, useTransition } from 'react';
import { incidentSelectionSchema } from '@/lib/delays/schemas';
import type { StaffActionState } from '../_components/staff-action';
import { dismissIncidentsAction, sendGroupAction, sendNoticesAction } from './actions';
import { DelaysFeedback } from './feedback';
import { primaryButton, secondaryButton } from '../_ui/button';


type Incident = { id: string; orderNumber: string; locale: string; opened: string; notice: string };

/** The group's incidents with checkboxes; send to the selection or the whole group, or dismiss (confirmed). */
export function GroupActions({ group, incidents, hidden }: { group: { key: string; kind: string; carrier: string; area: string }; incidents: Incident[]; hidden: number }) {
  const t = useTranslations('staffDelays');
  const router = useRouter();
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [state, setState] = useState<StaffActionState>({ ok: null });
  const [clientError, setClientError] = useState<string | null>(null);
  const [confirming, setConfirming] = useState(false);
  const [pending, startTransition] = useTransition();
  const idBase = `g-${group.key.replace(/[^a-z0-9]/gi, '-')}`;

  const toggle = (id: string, on: boolean) => {
    setClientError(null);
    setSelected((prev) => {
      const next = new Set(prev);
      if (on) next.add(id);
      else next.delete(id);
      return next;
    });
  };
  const run = (action: () => Promise<StaffActionState>) =>
    startTransition(async () => {
      setClientError(null);
      const result = await action();
      setState(result);
      if (result.ok) {
        setSelected(new Set());
        router.refresh();
      }
    });
  // The same schema the action parses: the form refuses an empty selection before the round trip.
  const withSelection = (action: (input: { incidentIds: string[] }) => Promise<StaffActionState>) => {
    const parsed = incidentSelectionSchema.safeParse({ incidentIds: [...selected] });
    if (!parsed.success) {
      setState({ ok: null });
      setClientError('selectSome');
      return false;
    }
    run(() => action(parsed.data));
    return true;
  };
  const all = incidents.length > 0 && selected.size === incidents.length;

  return (
    <div className="space-y-2">
      <DelaysFeedback state={state} clientError={clientError} />
      <div className="overflow-x-auto rounded border border-[var(--color-line)]" tabIndex={0} role="region" aria-label={t('selection')}>
        <table className="w-full text-left text-sm">
          <caption className="sr-only">{t('selection')}</caption>
          <thead className="bg-[var(--color-canvas)]">
            <tr>
              <th scope="col" className="p-2">
                <input
                  id={`${idBase}-all`}
                  type="checkbox"
                  className="size-5"
                  checked={all}
                  onChange={(e) => {
                    setClientError(null);
                    setSelected(e.target.checked ? new Set(incidents.map((i) => i.id)) : new Set());
                  }}
                />
                <label htmlFor={`${idBase}-all`} className="sr-only">
                  {t('selectAll')}
                </label>
              </th>
              <th scope="col" className="p-2">{t('order')}</th>
              <th scope="col" className="p-2">{t('language')}</th>
              <th scope="col" className="p-2">{t('opened')}</th>
              <th scope="col" className="p-2">{t('notice')}</th>
            </tr>
          </thead>
          <tbody>
            {incidents.map((i) => (
              <tr key={i.id} className="border-t border-[var(--color-line)]">
                <td className="p-2">
                  <input id={`${idBase}-${i.id}`} type="checkbox" className="size-5" value={i.id} checked={selected.has(i.id)} onChange={(e) => toggle(i.id, e.target.checked)} />
                </td>
                <td className="p-2">
                  <label htmlFor={`${idBase}-${i.id}`}>{i.orderNumber}</label>
                </td>
                <td className="p-2">{i.locale}</td>
                <td className="p-2 whitespace-nowrap">{i.opened}</td>
                <td className="p-2">{i.notice}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {hidden > 0 && <p className="text-sm">{t('moreNotShown', { count: hidden })}</p>}
      <div className="flex flex-wrap gap-2">
        <button type="button" className={primaryButton} disabled={pending} onClick={() => withSelection(sendNoticesAction)}>
          {t('sendSelected')}
        </button>
        <button type="button" className={secondaryButton} disabled={pending} onClick={() => run(() => sendGroupAction({ kind: group.kind as never, carrier: group.carrier, area: group.area }))}>
          {t('sendAll')}
        </button>
        <button
          type="button"
          className={secondaryButton}
          disabled={pending}
          onClick={() => {
            if (incidentSelectionSchema.safeParse({ incidentIds: [...selected] }).success) setConfirming(true);
            else setClientError('selectSome');
          }}
        >
          {t('dismissSelected')}
        </button>
        <AlertDialog.Root open={confirming} onOpenChange={setConfirming}>
          <ConfirmDialogContent
            title={t('dismissTitle', { count: selected.size })}
            description={t('dismissBody')}
            confirmLabel={t('confirmDismiss')}
            cancelLabel={t('cancel')}
            onConfirm={() => withSelection(dismissIncidentsAction)}
          />
        </AlertDialog.Root>
      </div>
    </div>
  );
}
