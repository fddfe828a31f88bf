'use client';

import { useRouter } from 'next/navigation';
import { useState, useTransition } from 'react';
import { refreshReportsAction } from '../actions';

/** Rebuilds the figures for the days on screen; the result (or the failure) is announced. */
export function RefreshButton({ range, labels }: { range: { range: string; from: string; to: string }; labels: { button: string; pending: string; done: string; failed: string } }) {
  const router = useRouter();
  const [pending, start] = useTransition();
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  return (
    <div className="flex flex-wrap items-center gap-2">
      <button
        type="button"
        disabled={pending}
        onClick={() =>
          start(async () => {
            setMessage(null);
            const r = await refreshReportsAction(range.range === 'custom' ? { range: 'custom', from: range.from, to: range.to } : { range: range.range });
            setMessage(r.ok ? { ok: true, text: labels.done } : { ok: false, text: labels.failed });
            // Re-render the page with the rebuilt figures.
            if (r.ok) router.refresh();
          })
        }
        className="min-h-11 rounded border border-[var(--color-line)] bg-white px-3 font-medium disabled:opacity-60"
      >
        {pending ? labels.pending : labels.button}
      </button>
      <p aria-live="polite" role="status" className={message?.ok === false ? 'text-[var(--color-danger)]' : ''}>
        {message?.text}
      </p>
    </div>
  );
}
