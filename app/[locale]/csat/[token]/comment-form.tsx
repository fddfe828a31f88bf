'use client';

import { zodResolver } from '@hookform/resolvers/zod';
import { useTranslations } from 'next-intl';
import { useState, useTransition } from 'react';
import { useForm } from 'react-hook-form';
import { type CsatCommentInput, csatCommentSchema } from '@/lib/csat/schemas';
import { type CommentState, submitCsatCommentAction } from './actions';

export function CsatCommentForm({ token }: { token: string }) {
  const t = useTranslations('csat.page');
  const [state, setState] = useState<CommentState>({ ok: null });
  const [pending, startTransition] = useTransition();
  const form = useForm<CsatCommentInput>({ resolver: zodResolver(csatCommentSchema), defaultValues: { token, comment: '' } });
  const error = form.formState.errors.comment?.message;
  if (state.ok === true) return <p role="status">{t('commentThanks')}</p>;
  return (
    <form noValidate className="space-y-3" onSubmit={form.handleSubmit((values) => startTransition(async () => setState(await submitCsatCommentAction(values))))}>
      <div aria-live="polite">{state.ok === false && <p role="alert" className="text-[var(--color-danger)]">{t('errors.generic')}</p>}</div>
      <label htmlFor="comment" className="block font-medium">
        {t('commentLabel')}
      </label>
      <textarea
        id="comment"
        rows={4}
        maxLength={2000}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? 'comment-error' : undefined}
        className="w-full rounded-lg border border-[var(--color-muted)] p-3"
        {...form.register('comment')}
      />
      {error && (
        <p id="comment-error" className="text-sm text-[var(--color-danger)]">
          {t(`errors.${error}` as 'errors.commentRequired')}
        </p>
      )}
      <button type="submit" disabled={pending} className="min-h-11 rounded-lg bg-[var(--accent)] px-4 font-semibold text-white disabled:opacity-70">
        {t('commentSubmit')}
      </button>
    </form>
  );
}
