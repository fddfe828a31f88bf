'use client';

import { useRouter } from 'next/navigation';
import { useTranslations } from 'next-intl';
import { useEffect, useRef, useState, useTransition } from 'react';
import { expandMacro, type MacroParcel, type MacroParcelChoice } from '@/lib/cases/macro-parcel';
import type { ErrorCode } from '@/lib/errors';
import { addNoteAction, replyAction } from '../../../actions';
import { FormError } from '../../../_components/form-error';
import { isShortcut } from '../../../_components/keys';
import { SubmitButton } from '../../../_components/submit-button';

/** Reply to the customer (emailed in their language) or write an internal note. */
export function Composer({
  caseId,
  customerLanguage,
  macros,
  variables,
  parcel = { kind: 'none' },
}: {
  caseId: string;
  customerLanguage: string;
  macros: Array<{ id: string; title: string; body: string }>;
  variables: Record<string, string>;
  parcel?: MacroParcelChoice;
}) {
  const t = useTranslations('staff.case');
  const td = useTranslations('staff.desk.case');
  const tp = useTranslations('staff.macroParcel');
  const tl = useTranslations('staff.desk.labels');
  // A macro waiting for the agent to say which parcel its tracking link is for.
  const [asking, setAsking] = useState<{ body: string; parcels: MacroParcel[] } | null>(null);
  const insert = (body: string, parcelId?: string) => {
    const expanded = expandMacro(body, variables, parcel, parcelId);
    if (expanded.kind === 'choose_parcel') {
      setAsking({ body, parcels: expanded.parcels });
      return;
    }
    setAsking(null);
    setBody((b) => (b ? `${b}\n\n` : '') + expanded.text);
  };
  const router = useRouter();
  const [mode, setMode] = useState<'reply' | 'note'>('reply');
  const [body, setBody] = useState('');
  const [error, setError] = useState<ErrorCode | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  const textRef = useRef<HTMLTextAreaElement>(null);
  const formRef = useRef<HTMLFormElement>(null);
  const resolveRef = useRef(false);

  // r: write a reply, n: write a note (from anywhere on the case page, not while typing).
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (!isShortcut(event) || (event.key !== 'r' && event.key !== 'n')) return;
      event.preventDefault();
      setMode(event.key === 'r' ? 'reply' : 'note');
      textRef.current?.focus();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, []);

  const send = (resolve: boolean) => {
    if (!body.trim()) {
      setError('invalid_input');
      return;
    }
    startTransition(async () => {
      const result = mode === 'reply' ? await replyAction({ caseId, body, ...(resolve ? { resolve: true } : {}) }) : await addNoteAction({ caseId, body });
      if (result.ok) {
        setBody('');
        setError(null);
        setDone(mode === 'reply' ? (resolve ? td('sentResolved') : t('replySent')) : t('noteAdded'));
        router.refresh();
      } else setError(result.code);
    });
  };
  return (
    <form
      ref={formRef}
      className="space-y-2 rounded-lg border border-[var(--color-line)] bg-white p-3"
      onSubmit={(e) => {
        e.preventDefault();
        const resolve = resolveRef.current;
        resolveRef.current = false;
        send(resolve);
      }}
    >
      <fieldset className="flex gap-4">
        <legend className="sr-only">{t('composerMode')}</legend>
        <label className="flex min-h-11 items-center gap-2">
          <input type="radio" name="mode" aria-keyshortcuts="r" checked={mode === 'reply'} onChange={() => setMode('reply')} />
          {t('modeReply', { language: customerLanguage })}
        </label>
        <label className="flex min-h-11 items-center gap-2">
          <input type="radio" name="mode" aria-keyshortcuts="n" checked={mode === 'note'} onChange={() => setMode('note')} />
          {t('modeNote')}
        </label>
      </fieldset>
      {macros.length > 0 && (
        <div>
          <label htmlFor="macro" className="block text-sm font-medium">
            {t('macro')}
          </label>
          <select
            id="macro"
            value=""
            onChange={(e) => {
              const macro = macros.find((m) => m.id === e.target.value);
              if (macro) insert(macro.body);
            }}
            className="min-h-11 rounded border border-[var(--color-muted)] px-2"
          >
            <option value="">{t('macroPick')}</option>
            {macros.map((m) => (
              <option key={m.id} value={m.id}>
                {m.title}
              </option>
            ))}
          </select>
          {asking && (
            <fieldset className="mt-2 space-y-1 rounded border border-[var(--color-line)] p-2" data-testid="macro-parcel">
              <legend className="px-1 text-sm font-medium">{tp('which')}</legend>
              {asking.parcels.map((p) => (
                <button key={p.id} type="button" className="block min-h-11 w-full rounded border border-[var(--color-muted)] px-2 text-left" onClick={() => insert(asking.body, p.id)}>
                  {tp('option', { carrier: p.carrier, trackingNumber: p.trackingNumber, status: tp.has(`status.${p.status}` as never) ? tp(`status.${p.status}` as never) : tl('unknown') })}
                </button>
              ))}
              <button type="button" className="min-h-11 px-2 underline" onClick={() => setAsking(null)}>
                {tp('cancel')}
              </button>
            </fieldset>
          )}
        </div>
      )}
      <label htmlFor="composer-body" className="block font-medium">
        {mode === 'reply' ? t('replyLabel') : t('noteLabel')}
      </label>
      <textarea
        id="composer-body"
        ref={textRef}
        value={body}
        aria-keyshortcuts="Control+Enter Meta+Enter"
        onChange={(e) => setBody(e.target.value)}
        onKeyDown={(e) => {
          // Ctrl+Enter (⌘+Enter on a Mac) sends: the one shortcut that works while typing.
          if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
            e.preventDefault();
            formRef.current?.requestSubmit();
          }
        }}
        rows={6} maxLength={10_000} className="w-full rounded border border-[var(--color-muted)] p-2" />
      <FormError code={error} messages={{ invalid_input: t('bodyRequired') }} />
      <div className="flex flex-wrap items-center gap-3">
        <SubmitButton pending={pending} className="min-h-11 rounded bg-[var(--accent)] px-4 font-semibold text-white disabled:opacity-70">
          {mode === 'reply' ? t('sendReply') : t('addNote')}
        </SubmitButton>
        {mode === 'reply' && (
          <SubmitButton
            pending={pending}
            onClick={() => {
              resolveRef.current = true;
            }}
            className="min-h-11 rounded border border-[var(--accent)] px-3 font-semibold text-[var(--accent)] disabled:opacity-70"
          >
            {td('sendResolve')}
          </SubmitButton>
        )}
        <span role="status">{done}</span>
      </div>
    </form>
  );
}
