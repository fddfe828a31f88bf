'use client';

import { useTranslations } from 'next-intl';
import { useRouter } from 'next/navigation';
import { useDeferredValue, useMemo, useState, useTransition } from 'react';
import type { Locale } from '@/lib/i18n/locales';
import type { EmailBrand } from '@/lib/outbox/service-email-layout';
import { type EmailTemplateKind, overrideProblem } from '@/lib/settings/email-template-rules';
import { FormRow } from '../../_ui/form-row';
import { resetEmailTemplateAction, saveEmailTemplatesAction } from '../actions';
import { Feedback, type Outcome } from '../../_ui/feedback';
import { renderTemplatePreview } from './email-preview';
import { SubmitButton } from '../../_components/submit-button';
import { primaryButton, secondaryButton } from '../../_ui/button';

type Text = { key: string; original: string; current: string; overridden: boolean };

/** One textarea per text, checked as typed (same ICU arguments as the default), and the email beside it. */
export function EmailEditor({ kind, locale, namespace, texts, brand }: { kind: EmailTemplateKind; locale: Locale; namespace: string; texts: Text[]; brand: EmailBrand }) {
  const t = useTranslations('staffSettings');
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [drafts, setDrafts] = useState<Record<string, string>>(() => Object.fromEntries(texts.map((x) => [x.key, x.current])));
  const [serverErrors, setServerErrors] = useState<Record<string, string[]>>({});
  const [feedback, setFeedback] = useState<Outcome>({ ok: null });
  const deferred = useDeferredValue(drafts);
  const problems = useMemo(() => Object.fromEntries(texts.map((x) => [x.key, deferred[x.key] === x.original ? null : overrideProblem(x.original, deferred[x.key] ?? '')])), [texts, deferred]);
  const html = useMemo(
    () => renderTemplatePreview({ locale, namespace, texts: texts.map((x) => [x.key, problems[x.key] ? x.original : (deferred[x.key] ?? x.original)]), brand, invalid: t('emails.invalidText') }),
    [locale, namespace, texts, deferred, problems, brand, t],
  );
  const short = (key: string) => key.slice(namespace.length + 1);
  const errorOf = (key: string) => {
    const code = problems[key] ?? serverErrors[key]?.[0];
    return code ? (t.has(`errors.${code}` as never) ? t(`errors.${code}` as never) : t('errors.invalid')) : undefined;
  };

  const save = () =>
    startTransition(async () => {
      if (Object.values(problems).some(Boolean)) return setFeedback({ ok: false, code: 'invalid_input' });
      const result = await saveEmailTemplatesAction({ locale, kind, texts: drafts });
      if (result.ok) {
        setServerErrors({});
        setFeedback({ ok: true, message: t('emails.saved') });
        router.refresh();
      } else {
        setServerErrors(result.fieldErrors ?? {});
        setFeedback({ ok: false, code: result.code });
      }
    });

  return (
    <div className="grid gap-4 xl:grid-cols-2">
      <form
        className="space-y-3 rounded-lg border border-[var(--color-line)] bg-white p-4"
        onSubmit={(e) => {
          e.preventDefault();
          save();
        }}
        noValidate
      >
        {texts.map((x) => (
          <div key={x.key} data-testid="email-text">
            <FormRow
              id={`text-${x.key}`}
              label={
                <>
                  <code>{short(x.key)}</code> {x.overridden && <span className="ml-2 rounded bg-[var(--color-canvas)] px-2 text-sm font-normal">{t('emails.customized')}</span>}
                </>
              }
              hint={drafts[x.key] !== x.original ? t('emails.default', { text: x.original }) : undefined}
              error={errorOf(x.key)}
              textarea={{ value: drafts[x.key] ?? '', rows: 2, onChange: (e) => setDrafts((d) => ({ ...d, [x.key]: e.target.value })) }}
            />
            {x.overridden && (
              <button
                type="button"
                className={`${secondaryButton} mt-1`}
                disabled={pending}
                aria-label={t('emails.resetLabel', { key: short(x.key) })}
                onClick={() =>
                  startTransition(async () => {
                    const result = await resetEmailTemplateAction({ locale, key: x.key });
                    if (result.ok) {
                      setDrafts((d) => ({ ...d, [x.key]: x.original }));
                      setFeedback({ ok: true, message: t('emails.resetDone') });
                      router.refresh();
                    } else setFeedback({ ok: false, code: result.code });
                  })
                }
              >
                {t('emails.reset')}
              </button>
            )}
          </div>
        ))}
        <Feedback state={feedback} />
        <SubmitButton className={primaryButton} pending={pending}>
          {t('emails.save')}
        </SubmitButton>
      </form>
      <section aria-labelledby="email-preview-title" className="space-y-2">
        <h2 id="email-preview-title" className="text-lg font-semibold">
          {t('emails.preview')}
        </h2>
        <p className="text-sm text-[var(--color-muted)]">{t('emails.previewHint')}</p>
        {/* Sandboxed: no script, no same-origin access — the preview is inert markup. */}
        <iframe title={t('emails.preview')} sandbox="" srcDoc={html} className="h-[36rem] w-full rounded-lg border border-[var(--color-line)] bg-white" data-testid="email-preview" />
      </section>
    </div>
  );
}
