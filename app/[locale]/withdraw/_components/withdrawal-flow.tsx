'use client';

import { zodResolver } from '@hookform/resolvers/zod';
import { useTranslations } from 'next-intl';
import { useEffect, useRef, useState, useTransition } from 'react';
import { useForm, useWatch } from 'react-hook-form';
import { formatDate } from '@/lib/i18n/format';
import { toLocale } from '@/lib/i18n/locales';
import { newIdempotencyKey } from '@/lib/http/client-key';
import { restoreWithdrawalDraft, serializeWithdrawalDraft, withdrawalDraftKey, withdrawalHasAnswers } from '@/lib/withdrawals/draft';
import type { ActionResult } from '@/lib/errors';
import type { WithdrawalLineDto } from '@/lib/withdrawals/queries';
import { withdrawalDetailsSchema, withdrawalIdentifySchema } from '@/lib/withdrawals/schemas';
import type { WithdrawalPeriod } from '@/lib/withdrawals/state';
import { Field } from '../../_components/field';
import { confirmWithdrawalAction, identifyWithdrawalAction, type ReceiptView } from '../actions';

type Step = 'details' | 'items' | 'confirm' | 'receipt' | 'closed';
type Details = { name: string; email: string; orderNumber?: string };

const primary =
  'inline-flex min-h-12 w-full items-center justify-center rounded-xl bg-[var(--accent)] px-5 text-base font-semibold text-[var(--accent-contrast)] hover:opacity-95 disabled:opacity-70 sm:w-auto';
/** A shop-local calendar date ('2026-11-23') in words, without any time zone shifting it. */
function longDate(locale: string, date: string): string {
  return formatDate(toLocale(locale), date);
}

const secondary = 'inline-flex min-h-12 items-center justify-center rounded-xl border border-[#8a9691] bg-white px-5 text-base font-medium';

/**
 * The EU withdrawal function (CRD art. 11a): details (name, order, email — nothing else is asked),
 * optional choice of goods (none = the whole order), a separate "Confirm withdrawal" step, then the
 * receipt on screen with a PDF download; the same receipt goes out by email.
 */
export function WithdrawalFlow({
  locale,
  shopName,
  order,
  defaults,
}: {
  locale: string;
  shopName: string;
  /** The name and email on the order, filled in when the customer is already verified (they can change them). */
  defaults?: { name: string; email: string };
  /** Known when the order is already open in this browser; null on the guest path. */
  order: { orderNumber: string; lines: WithdrawalLineDto[] } | null;
}) {
  const t = useTranslations('withdrawal');
  const tDraft = useTranslations('wizardDraft');
  const [step, setStep] = useState<Step>('details');
  const [current, setCurrent] = useState(order);
  const [details, setDetails] = useState<Details | null>(null);
  const [chosen, setChosen] = useState<Record<string, number>>({});
  const [period, setPeriod] = useState<WithdrawalPeriod | null>(null);
  const [receipt, setReceipt] = useState<ReceiptView | null>(null);
  const [formError, setFormError] = useState<string | null>(null);
  const [isPending, startTransition] = useTransition();
  // The request key travels with the draft (a retry after a reload records one statement).
  const [draftState, setDraftState] = useState(() => ({ restored: false, idempotencyKey: newIdempotencyKey() }));
  const { idempotencyKey } = draftState;
  const heading = useRef<HTMLHeadingElement>(null);
  const first = useRef(true);

  // Each step change moves focus to the step's heading, so screen readers announce where they are.
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    heading.current?.focus();
  }, [step]);

  const form = useForm<Details>({
    resolver: zodResolver(order ? withdrawalDetailsSchema : withdrawalIdentifySchema) as never,
    defaultValues: { name: defaults?.name ?? '', email: defaults?.email ?? '', orderNumber: '' },
  });
  const { errors } = form.formState;
  const typed = useWatch({ control: form.control });
  const draftKey = withdrawalDraftKey(order?.orderNumber ?? null);
  const prefilled = { name: defaults?.name ?? '', email: defaults?.email ?? '' };

  // Restore what this tab kept (name, email, order number, chosen goods) once the page runs in the browser.
  useEffect(() => {
    let draft = null;
    try {
      draft = restoreWithdrawalDraft(window.sessionStorage.getItem(draftKey), Date.now());
    } catch {
      // Storage blocked: no draft.
    }
    if (draft) {
      form.reset({ name: draft.name || prefilled.name, email: draft.email || prefilled.email, orderNumber: draft.orderNumber });
      // Syncing from the browser's storage, which the server render cannot read: one update after mount.
      // eslint-disable-next-line react-hooks/set-state-in-effect
      setChosen(draft.chosen);
    }
    const found = draft;
    setDraftState((d) => ({ restored: true, idempotencyKey: found?.idempotencyKey ?? d.idempotencyKey }));
    // eslint-disable-next-line react-hooks/exhaustive-deps -- once per page load
  }, []);

  const answers = { name: typed.name ?? '', email: typed.email ?? '', orderNumber: typed.orderNumber ?? '', chosen };
  const unsent = draftState.restored && step !== 'receipt' && withdrawalHasAnswers(answers, prefilled);
  // Saved on every change; removed once the statement is recorded.
  useEffect(() => {
    if (!draftState.restored) return;
    try {
      if (step === 'receipt' || !withdrawalHasAnswers(answers, prefilled)) window.sessionStorage.removeItem(draftKey);
      else window.sessionStorage.setItem(draftKey, serializeWithdrawalDraft({ ...answers, idempotencyKey }, Date.now()));
    } catch {
      // Full or blocked storage.
    }
  });
  // Leaving (reload, close, another site) with unsent answers asks first.
  useEffect(() => {
    if (!unsent) return;
    const beforeUnload = (event: BeforeUnloadEvent) => {
      event.preventDefault();
      event.returnValue = '';
    };
    window.addEventListener('beforeunload', beforeUnload);
    return () => window.removeEventListener('beforeunload', beforeUnload);
  }, [unsent]);

  const fieldError = (key: string | undefined) => (key ? t(`errors.${key}` as 'errors.invalid') : undefined);

  const errorText = (result: Extract<ActionResult<unknown>, { ok: false }>) =>
    result.code === 'rate_limited'
      ? t('errors.rateLimited', { minutes: Math.max(1, Math.ceil((result.retryAfterSeconds ?? 60) / 60)) })
      : result.code === 'not_found'
        ? t('errors.notFound')
        : result.code === 'invalid_state'
          ? t('errors.periodEnded')
          : result.code === 'unavailable'
            ? t('errors.unavailable')
            : t('errors.invalid');

  const onDetails = form.handleSubmit((values) => {
    setFormError(null);
    if (current) {
      setDetails(values);
      setStep('items');
      return;
    }
    startTransition(async () => {
      let result: Awaited<ReturnType<typeof identifyWithdrawalAction>>;
      try {
        result = await identifyWithdrawalAction({ name: values.name, email: values.email, orderNumber: values.orderNumber ?? '' });
      } catch {
        return setFormError(tDraft('offline'));
      }
      if (!result.ok) return setFormError(errorText(result));
      setDetails(values);
      setCurrent({ orderNumber: result.data.orderNumber, lines: result.data.lines });
      // A kept choice counts only for this order's goods.
      setChosen((c) => Object.fromEntries(Object.entries(c).filter(([id]) => result.data.lines.some((l) => l.id === id))));
      setPeriod(result.data.period);
      setStep(result.data.period.kind === 'open' || result.data.period.kind === 'not_started' ? 'items' : 'closed');
    });
  });

  const onConfirm = () => {
    if (!current || !details) return;
    setFormError(null);
    startTransition(async () => {
      let result: Awaited<ReturnType<typeof confirmWithdrawalAction>>;
      try {
        result = await confirmWithdrawalAction({
          orderNumber: current.orderNumber,
          name: details.name,
          email: details.email,
          lines: Object.entries(chosen)
            .filter(([, q]) => q > 0)
            .map(([orderLineId, quantity]) => ({ orderLineId, quantity })),
          locale: locale as 'fi',
          idempotencyKey,
        });
      } catch {
        // No answer: the answers stay and the same request key goes with the next attempt.
        return setFormError(tDraft('offline'));
      }
      if (!result.ok) return setFormError(errorText(result));
      setReceipt(result.data);
      setStep('receipt');
    });
  };

  const selected = current ? current.lines.filter((l) => (chosen[l.id] ?? 0) > 0) : [];
  const stepNumber = { details: 1, items: 2, confirm: 3, receipt: 3, closed: 1 }[step];
  const stepTitle = { details: t('stepDetails'), items: t('stepItems'), confirm: t('stepConfirm'), receipt: t('receiptTitle'), closed: t('pageTitle') }[step];

  return (
    <div className="space-y-5">
      {step !== 'receipt' && step !== 'closed' && <p className="text-sm text-[var(--color-muted)]">{t('stepOf', { current: stepNumber, total: 3 })}</p>}
      <h2 ref={heading} tabIndex={-1} className="text-xl font-semibold focus:outline-none">
        {stepTitle}
      </h2>
      <div aria-live="polite" aria-atomic="true">
        {formError && (
          <p role="alert" className="rounded-lg border border-[var(--color-danger)] bg-[var(--color-danger-bg)] p-3 text-[var(--color-danger)]">
            {formError}
          </p>
        )}
      </div>

      {step === 'details' && (
        <form noValidate onSubmit={onDetails} className="space-y-5">
          <fieldset disabled={isPending} className="space-y-5">
            <Field id="w-name" label={t('name')} error={fieldError(errors.name?.message)} inputProps={{ ...form.register('name'), autoComplete: 'name', maxLength: 200 }} />
            {!current && (
              <Field
                id="w-order"
                label={t('orderNumber')}
                hint={t('orderNumberHint')}
                error={fieldError(errors.orderNumber?.message)}
                inputProps={{ ...form.register('orderNumber'), autoComplete: 'off', spellCheck: false, maxLength: 64 }}
              />
            )}
            <Field
              id="w-email"
              label={t('email')}
              hint={current ? undefined : t('emailHintGuest')}
              error={fieldError(errors.email?.message)}
              inputProps={{ ...form.register('email'), type: 'email', autoComplete: 'email', spellCheck: false, maxLength: 320 }}
            />
            <button type="submit" className={primary}>
              {isPending ? t('submitting') : t('continue')}
            </button>
          </fieldset>
        </form>
      )}

      {step === 'items' && current && (
        <form
          noValidate
          className="space-y-5"
          onSubmit={(e) => {
            e.preventDefault();
            setStep('confirm');
          }}
        >
          <fieldset className="space-y-3">
            <legend className="font-medium">{t('itemsLegend')}</legend>
            <p className="text-sm text-[var(--color-muted)]">{t('itemsHint')}</p>
            {current.lines.map((line) => (
              <div key={line.id} className="flex flex-wrap items-center gap-3 rounded-xl border border-[var(--color-line)] bg-white p-3">
                <input
                  id={`w-line-${line.id}`}
                  type="checkbox"
                  className="h-6 w-6"
                  checked={(chosen[line.id] ?? 0) > 0}
                  onChange={(e) => setChosen({ ...chosen, [line.id]: e.target.checked ? line.quantity : 0 })}
                />
                <label htmlFor={`w-line-${line.id}`} className="min-w-0 flex-1">
                  {line.title}
                  {Object.keys(line.options).length > 0 && <span className="block text-sm text-[var(--color-muted)]">{Object.values(line.options).join(' · ')}</span>}
                </label>
                {line.quantity > 1 && (chosen[line.id] ?? 0) > 0 && (
                  <select
                    aria-label={t('lineQuantity', { title: line.title })}
                    className="min-h-12 rounded-xl border border-[#8a9691] bg-white px-3"
                    value={chosen[line.id]}
                    onChange={(e) => setChosen({ ...chosen, [line.id]: Number(e.target.value) })}
                  >
                    {Array.from({ length: line.quantity }, (_, i) => i + 1).map((n) => (
                      <option key={n} value={n}>
                        {n}
                      </option>
                    ))}
                  </select>
                )}
              </div>
            ))}
          </fieldset>
          <div className="flex flex-wrap gap-3">
            <button type="button" className={secondary} onClick={() => setStep('details')}>
              {t('back')}
            </button>
            <button type="submit" className={primary}>
              {t('continue')}
            </button>
          </div>
        </form>
      )}

      {step === 'confirm' && current && details && (
        <div className="space-y-5">
          {/* As on the receipt: a long email address breaks anywhere rather than push the page wider than a phone. */}
          <dl className="space-y-2 rounded-xl border border-[var(--color-line)] bg-white p-4 [overflow-wrap:anywhere]">
            <div>
              <dt className="text-sm text-[var(--color-muted)]">{t('name')}</dt>
              <dd>{details.name}</dd>
            </div>
            <div>
              <dt className="text-sm text-[var(--color-muted)]">{t('orderNumber')}</dt>
              <dd>{current.orderNumber}</dd>
            </div>
            <div>
              <dt className="text-sm text-[var(--color-muted)]">{t('email')}</dt>
              <dd>{details.email}</dd>
            </div>
            <div>
              <dt className="text-sm text-[var(--color-muted)]">{t('stepItems')}</dt>
              <dd>
                {selected.length === 0 ? (
                  t('wholeOrder')
                ) : (
                  <ul>
                    {selected.map((l) => (
                      <li key={l.id}>
                        {chosen[l.id]} × {l.title}
                      </li>
                    ))}
                  </ul>
                )}
              </dd>
            </div>
          </dl>
          <p>{t('reviewIntro', { shop: shopName })}</p>
          <div className="flex flex-wrap gap-3">
            <button type="button" className={secondary} onClick={() => setStep('items')} disabled={isPending}>
              {t('back')}
            </button>
            {/* The confirmation control carries only the statutory label (art. 11a(3)). */}
            <button type="button" className={primary} onClick={onConfirm} disabled={isPending} data-no-translation translate="no">
              {isPending ? t('submitting') : t('confirm')}
            </button>
          </div>
        </div>
      )}

      {step === 'receipt' && receipt && (
        <div role="status" className="space-y-4">
          {/* An email address or a street name can be longer than a phone is wide: it may break anywhere rather than scroll the page. */}
          <p className="[overflow-wrap:anywhere]">{t('receiptIntro', { email: receipt.email })}</p>
          <p className="rounded-xl bg-white p-4 italic">{receipt.statement}</p>
          <dl className="space-y-2 rounded-xl border border-[var(--color-line)] bg-white p-4" data-testid="withdrawal-receipt">
            {receipt.rows.map((row) => (
              <div key={row.label}>
                <dt className="text-sm text-[var(--color-muted)]">{row.label}</dt>
                <dd className="whitespace-pre-line [overflow-wrap:anywhere]">{row.value}</dd>
              </div>
            ))}
          </dl>
          <p>{receipt.refund}</p>
          <div className="flex flex-wrap gap-3">
            <a className={primary} href={`/api/withdrawals/${encodeURIComponent(receipt.receiptNumber)}/receipt.pdf`} download>
              {t('downloadPdf')}
            </a>
            {current && (
              <a className={secondary} href={`/${locale}/orders/${encodeURIComponent(current.orderNumber)}`}>
                {t('backToOrder')}
              </a>
            )}
          </div>
        </div>
      )}

      {step === 'closed' && period && (period.kind === 'closed' || period.kind === 'canceled') && (
        <div className="space-y-3" data-testid="withdrawal-closed">
          {period.kind === 'closed' ? <p>{t('closed', { date: longDate(locale, period.until), delivered: longDate(locale, period.lastDeliveredOn) })}</p> : <p>{t('canceled')}</p>}
          {current && (
            <a className={secondary} href={`/${locale}/orders/${encodeURIComponent(current.orderNumber)}`}>
              {t('backToOrder')}
            </a>
          )}
        </div>
      )}
    </div>
  );
}
