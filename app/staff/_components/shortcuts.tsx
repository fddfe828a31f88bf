'use client';

import { useRouter } from 'next/navigation';
import { useTranslations } from 'next-intl';
import { useEffect, useRef, useState } from 'react';
import { Dialog } from '../_ui/dialog';
import { isShortcut } from './keys';

const LIST = [
  { keys: ['j', 'k'], label: 'move' },
  { keys: ['Enter'], label: 'open' },
  { keys: ['a'], label: 'assign' },
  { keys: ['e'], label: 'resolve' },
  { keys: ['x'], label: 'select' },
  { keys: ['/'], label: 'search' },
  { keys: ['g', 'q'], label: 'queue' },
  { keys: ['r'], label: 'reply' },
  { keys: ['n'], label: 'note' },
  { keys: ['Ctrl', 'Enter'], label: 'send' },
  { keys: ['?'], label: 'help' },
] as const;

/**
 * The desk-wide shortcuts: `/` focuses the header search, `?` lists every shortcut, `g q` goes back
 * to the queue. Pages add their own (the queue: j/k/Enter/a/e/x; a case: r/n/Ctrl+Enter).
 */
export function StaffShortcuts() {
  const t = useTranslations('staff.desk.shortcuts');
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const pendingG = useRef(0);
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (!isShortcut(event)) return;
      if (event.key === '?') {
        event.preventDefault();
        setOpen(true);
      } else if (event.key === '/') {
        const search = document.getElementById('staff-search');
        if (search) {
          event.preventDefault();
          search.focus();
        }
      } else if (event.key === 'g') {
        pendingG.current = Date.now();
      } else if (event.key === 'q' && Date.now() - pendingG.current < 1500) {
        event.preventDefault();
        pendingG.current = 0;
        router.push('/staff');
      }
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [router]);
  return (
    <Dialog
      open={open}
      onOpenChange={setOpen}
      trigger={
        <button type="button" aria-keyshortcuts="?" className="min-h-11 rounded border border-[var(--color-line)] px-3 text-sm">
          {t('open')}
        </button>
      }
      title={t('title')}
      description={t('intro')}
      closeLabel={t('close')}
    >
      <dl className="mt-3 grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-sm">
        {LIST.map((s) => (
          <div key={s.label} className="contents">
            <dt className="whitespace-nowrap">
              {s.keys.map((k, i) => (
                <span key={k}>
                  {i > 0 && (s.keys[0] === 'Ctrl' ? ' + ' : ' ')}
                  <kbd className="rounded border border-[var(--color-line)] bg-[var(--color-canvas)] px-1.5 font-mono">{k}</kbd>
                </span>
              ))}
            </dt>
            <dd>{t(`list.${s.label}`)}</dd>
          </div>
        ))}
      </dl>
    </Dialog>
  );
}
