'use client';

import { useRouter } from 'next/navigation';
import { useLocale, useTranslations } from 'next-intl';
import { useEffect, useRef, useState, useTransition } from 'react';
import { type AttachmentRefusal, checkStaffAttachment, fileSizeLabel, SNIFF_BYTES, STAFF_ATTACHMENT_LIMITS } from '@/lib/cases/attachment-rules';
import { expandMacro, type MacroParcel, type MacroParcelChoice } from '@/lib/cases/macro-parcel';
import type { ErrorCode } from '@/lib/errors';
import { addNoteAction, replyAction, typingAction } from '../../../actions';
import { FormError } from '../../../_components/form-error';
import { clearCaseDraft, loadCaseDraft, saveCaseDraft } from '../../../_components/case-drafts';
import { isShortcut } from '../../../_components/keys';
import { SubmitButton } from '../../../_components/submit-button';
import { useHydrated } from '../../../_components/use-hydrated';

/** Reply to the customer (emailed in their language) or write an internal note. */
export function Composer({
  caseId,
  customerLanguage,
  macros,
  variables,
  parcel = { kind: 'none' },
  latestMessageId = null,
}: {
  caseId: string;
  /** The newest message on the case as this page rendered it (refreshed live): collision detection's "seen". */
  latestMessageId?: string | null;
  customerLanguage: string;
  macros: Array<{ id: string; title: string; body: string }>;
  variables: Record<string, string>;
  parcel?: MacroParcelChoice;
}) {
  const t = useTranslations('staff.case');
  const td = useTranslations('staff.desk.case');
  const tp = useTranslations('staff.macroParcel');
  const tl = useTranslations('staff.desk.labels');
  const ta = useTranslations('staff.case.attach');
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
  // Files to send with the message: checked here as the server checks them again (type by the bytes).
  const [files, setFiles] = useState<Array<{ key: string; file: File }>>([]);
  const [fileError, setFileError] = useState<AttachmentRefusal | null>(null);
  const fileInputRef = useRef<HTMLInputElement>(null);
  // "Attach files" opens the file picker from JavaScript: before hydration a press would do nothing at all.
  const hydrated = useHydrated();
  const attachButtonRef = useRef<HTMLButtonElement>(null);
  const locale = useLocale();
  const addFiles = async (chosen: File[]) => {
    if (chosen.length === 0) return;
    let refusal: AttachmentRefusal | null = null;
    const accepted: Array<{ key: string; file: File }> = [];
    for (const file of chosen) {
      const verdict = checkStaffAttachment({ size: file.size, head: new Uint8Array(await file.slice(0, SNIFF_BYTES).arrayBuffer()) });
      if (!verdict.ok) refusal ??= { reason: verdict.reason, filename: file.name };
      else if (files.length + accepted.length >= STAFF_ATTACHMENT_LIMITS.maxCount) refusal ??= { reason: 'too_many', filename: null };
      else accepted.push({ key: `${file.name}:${file.size}:${file.lastModified}:${Math.random()}`, file });
    }
    setFiles((current) => [...current, ...accepted]);
    setFileError(refusal);
  };
  const removeFile = (key: string) => {
    setFiles((current) => current.filter((f) => f.key !== key));
    setFileError(null);
    // The row and its button are gone: focus goes back to the control that adds files.
    attachButtonRef.current?.focus();
  };
  const fileErrorText = (refusal: AttachmentRefusal) => ta(`errors.${refusal.reason}`, { filename: refusal.filename ?? '', count: STAFF_ATTACHMENT_LIMITS.maxCount });
  const textRef = useRef<HTMLTextAreaElement>(null);
  const formRef = useRef<HTMLFormElement>(null);
  const resolveRef = useRef(false);
  const tl2 = useTranslations('staff.live');
  // Collision detection: the newest message when the agent started writing; a reply sent after newer ones
  // arrived is refused by the server (nothing sent) and the agent is asked first.
  const seenRef = useRef<string | null | undefined>(undefined);
  const [collision, setCollision] = useState<{ count: number; latestMessageId: string; resolve: boolean } | null>(null);
  const collisionRef = useRef<HTMLDivElement>(null);
  // Typing: a short lease renewed every few seconds while the agent types, dropped after a pause.
  const typing = useRef<{ sentAt: number; idle: ReturnType<typeof setTimeout> | null }>({ sentAt: 0, idle: null });
  const stopTyping = () => {
    if (typing.current.idle) clearTimeout(typing.current.idle);
    typing.current.idle = null;
    if (typing.current.sentAt) {
      typing.current.sentAt = 0;
      void typingAction({ caseId, typing: false }).catch(() => {});
    }
  };
  const noteTyping = () => {
    const now = Date.now();
    if (now - typing.current.sentAt > 4_000) {
      typing.current.sentAt = now;
      void typingAction({ caseId, typing: true }).catch(() => {});
    }
    if (typing.current.idle) clearTimeout(typing.current.idle);
    typing.current.idle = setTimeout(stopTyping, 5_000);
  };
  useEffect(
    () => () => {
      if (typing.current.idle) clearTimeout(typing.current.idle);
    },
    [],
  );
  useEffect(() => {
    if (collision) collisionRef.current?.focus();
  }, [collision]);

  // Drafts per case: what the agent wrote and did not send comes back after a reload or another case.
  const [draftNote, setDraftNote] = useState<'restored' | 'kept' | null>(null);
  // What storage holds now, so restoring (or an unchanged render) does not count as a new edit.
  const stored = useRef(JSON.stringify({ mode: 'reply', body: '' }));
  useEffect(() => {
    const draft = loadCaseDraft(caseId);
    if (!draft) return;
    stored.current = JSON.stringify({ mode: draft.mode, body: draft.body });
    // Syncing from the browser's storage, which the server render cannot read: one update after mount.
    // eslint-disable-next-line react-hooks/set-state-in-effect
    setMode(draft.mode);
    setBody(draft.body);
    setDraftNote('restored');
  }, [caseId]);
  useEffect(() => {
    const current = JSON.stringify({ mode, body });
    if (current === stored.current) return;
    const timer = setTimeout(() => {
      stored.current = current;
      saveCaseDraft(caseId, { mode, body });
      setDraftNote(body.trim() ? 'kept' : null);
    }, 400);
    return () => clearTimeout(timer);
  }, [caseId, mode, body]);

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

  const send = (resolve: boolean, seenOverride?: string) => {
    if (!body.trim()) {
      setError('invalid_input');
      return;
    }
    const seen = seenOverride ?? (seenRef.current === undefined ? latestMessageId : seenRef.current);
    const attached = files.length > 0 ? { files: files.map((f) => f.file) } : {};
    startTransition(async () => {
      const result =
        mode === 'reply'
          ? await replyAction({ caseId, body, lastSeenMessageId: seen, ...(resolve ? { resolve: true } : {}), ...attached })
          : await addNoteAction({ caseId, body, ...attached });
      if (result.ok) {
        clearCaseDraft(caseId);
        stored.current = JSON.stringify({ mode, body: '' });
        setDraftNote(null);
        setBody('');
        setFiles([]);
        setFileError(null);
        seenRef.current = undefined;
        setCollision(null);
        setError(null);
        stopTyping();
        setDone(mode === 'reply' ? (resolve ? td('sentResolved') : t('replySent')) : t('noteAdded'));
        router.refresh();
      } else if ('newer' in result) {
        setError(null);
        setDone(null);
        setCollision({ count: result.newer.count, latestMessageId: result.newer.latestMessageId, resolve });
        router.refresh();
      } else if ('attachment' in result) {
        // The server refused a file (nothing was stored or sent): said as at the field.
        setError(null);
        setFileError(result.attachment);
      } else setError(result.code);
    });
  };
  const review = () => {
    if (!collision) return;
    // The agent reads what arrived; their next send counts it as seen.
    seenRef.current = collision.latestMessageId;
    setCollision(null);
    const newest = document.getElementById(`message-${collision.latestMessageId}`);
    newest?.scrollIntoView({ block: 'center' });
    newest?.focus();
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
      // Files dropped anywhere on the composer are attached as if chosen.
      onDragOver={(e) => {
        if (e.dataTransfer.types.includes('Files')) e.preventDefault();
      }}
      onDrop={(e) => {
        if (e.dataTransfer.files.length === 0) return;
        e.preventDefault();
        void addFiles([...e.dataTransfer.files]);
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
        onChange={(e) => {
          // Writing starts now: what the agent has seen is the newest message on the page at this moment.
          if (!body && e.target.value && seenRef.current === undefined) seenRef.current = latestMessageId;
          setBody(e.target.value);
          if (e.target.value) noteTyping();
          else stopTyping();
        }}
        onPaste={(e) => {
          // A pasted screenshot is attached; pasted text goes into the message as usual.
          if (e.clipboardData.files.length === 0) return;
          e.preventDefault();
          void addFiles([...e.clipboardData.files]);
        }}
        onKeyDown={(e) => {
          // Ctrl+Enter (⌘+Enter on a Mac) sends: the one shortcut that works while typing.
          if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
            e.preventDefault();
            formRef.current?.requestSubmit();
          }
        }}
        rows={6} maxLength={10_000} className="w-full rounded border border-[var(--color-muted)] p-2" />
      {draftNote && (
        <p className="text-sm text-[var(--color-muted)]" data-testid="draft-note">
          {draftNote === 'restored' ? t('draftRestored') : t('draftKept')}
        </p>
      )}
      <div className="space-y-1" data-testid="composer-attachments">
        <input
          ref={fileInputRef}
          id="composer-files"
          type="file"
          multiple
          hidden
          accept={STAFF_ATTACHMENT_LIMITS.types.join(',')}
          onChange={(e) => {
            const chosen = [...(e.target.files ?? [])];
            // Cleared so the same file can be chosen again after a removal.
            e.target.value = '';
            void addFiles(chosen);
          }}
        />
        <button
          ref={attachButtonRef}
          type="button"
          disabled={!hydrated}
          aria-describedby={`composer-files-hint${fileError ? ' composer-files-error' : ''}`}
          onClick={() => fileInputRef.current?.click()}
          className="min-h-11 rounded border border-[var(--color-muted)] bg-white px-3 disabled:opacity-70"
        >
          {ta('button')}
        </button>
        <p id="composer-files-hint" className="text-sm text-[var(--color-muted)]">
          {ta('hint', { count: STAFF_ATTACHMENT_LIMITS.maxCount })} {mode === 'reply' ? ta('replyGoes') : ta('noteStays')}
        </p>
        <div aria-live="polite">
          {fileError && (
            <p id="composer-files-error" role="alert" data-testid="attachment-error" className="rounded-lg border border-[var(--color-danger)] bg-[var(--color-danger-bg)] p-2 text-sm text-[var(--color-danger)]">
              {fileErrorText(fileError)}
            </p>
          )}
        </div>
        {files.length > 0 && (
          <>
            <ul aria-label={ta('listLabel')} className="space-y-1 text-sm">
              {files.map(({ key, file }) => (
                <li key={key} className="flex flex-wrap items-center gap-2">
                  <span>{ta('file', { filename: file.name, size: fileSizeLabel(locale, file.size) })}</span>
                  <button type="button" onClick={() => removeFile(key)} aria-label={ta('remove', { filename: file.name })} className="min-h-11 min-w-11 rounded border border-[var(--color-line)] px-2">
                    {ta('removeShort')}
                  </button>
                </li>
              ))}
            </ul>
            <p className="text-sm text-[var(--color-muted)]" data-testid="attachments-not-in-draft">
              {ta('notInDraft')}
            </p>
          </>
        )}
      </div>
      <FormError code={error} messages={{ invalid_input: t('bodyRequired') }} />
      {collision && (
        <div
          ref={collisionRef}
          tabIndex={-1}
          role="alertdialog"
          aria-labelledby="collision-title"
          aria-describedby="collision-body"
          data-testid="reply-collision"
          className="space-y-2 rounded-lg border border-[var(--color-warn)] bg-[var(--color-warn-bg)] p-3"
        >
          <p id="collision-title" className="font-semibold">
            {tl2('collisionTitle')}
          </p>
          <p id="collision-body" className="text-sm">
            {tl2('collisionBody', { count: collision.count })}
          </p>
          <div className="flex flex-wrap gap-2">
            <button type="button" disabled={pending} onClick={() => send(collision.resolve, collision.latestMessageId)} className="min-h-11 rounded bg-[var(--accent)] px-3 font-semibold text-white disabled:opacity-70">
              {tl2('sendAnyway')}
            </button>
            <button type="button" onClick={review} className="min-h-11 rounded border border-[var(--color-line)] bg-white px-3">
              {tl2('review')}
            </button>
          </div>
        </div>
      )}
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
