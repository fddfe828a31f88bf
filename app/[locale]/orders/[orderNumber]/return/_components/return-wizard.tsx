'use client';

import { zodResolver } from '@hookform/resolvers/zod';
import { QueryClient, QueryClientProvider, useQuery } from '@tanstack/react-query';
import { useFormatter, useTranslations } from 'next-intl';
import { useRouter, useSearchParams } from 'next/navigation';
import { useEffect, useMemo, useRef, useState, useTransition } from 'react';
import { type FieldPath, useForm, useWatch } from 'react-hook-form';
import type { Locale } from '@/lib/i18n/locales';
import type { ReturnCarrier, ReturnMethod } from '@/lib/returns/methods';
import { type PolicyLine, type PolicyRules, quoteReturn, type Refusal, type RequestedItem, shipNowDeadline, shipNowRefusal } from '@/lib/returns/policy';
import type { ReturnWizardDto, VariantOptionDto, WizardLineDto } from '@/lib/returns/queries';
import { refusalMessage, type ReturnsTranslate } from '@/lib/returns/refusal-message';
import { type ReturnRequestForm, returnRequestSchema, wizardSteps } from '@/lib/returns/schemas';
import { draftStorageKey, emptyItem, hasAnswers, restoreDraft, serializeDraft, stepFromUrl } from '@/lib/returns/wizard-draft';
import { checkRefundAccount, maskIban, normalizeIban, SEPA_IBAN_LENGTHS } from '@/lib/payouts/iban';
import { submitReturnAction } from '../actions';
import { ProductImage } from '../../../../_components/product-image';
import { localDate, useDates } from '../../../../_components/dates';
import { PhotoField } from './photo-field';
import { ServicePointsPanel } from './service-points';
import { ExchangeProductCards } from './exchange-product-cards';
import { VariantChips } from './variant-chips';

/** The bank-account fields start empty and come back empty after a reload: the draft never keeps them. */
const EMPTY_REFUND_ACCOUNT = { holder: '', iban: '', bic: '' };

const carrierNames: Record<ReturnCarrier, string> = { posti: 'Posti', postnord: 'PostNord', matkahuolto: 'Matkahuolto', bring: 'Bring', budbee: 'Budbee' };

type Props = { data: ReturnWizardDto; locale: Locale };

export function ReturnWizard(props: Props) {
  const [client] = useState(() => new QueryClient({ defaultOptions: { queries: { staleTime: 10_000, retry: 1 } } }));
  return (
    <QueryClientProvider client={client}>
      <Wizard {...props} />
    </QueryClientProvider>
  );
}

const optionsText = (options: Record<string, string>) => Object.values(options).join(' · ');

function Wizard({ data, locale }: Props) {
  const t = useTranslations('returnWizard');
  const tReturns = useTranslations('returns') as unknown as ReturnsTranslate;
  const tAccount = useTranslations('refundAccount');
  const format = useFormatter();
  const dates = useDates();
  const router = useRouter();
  const tDraft = useTranslations('wizardDraft');
  const tShip = useTranslations('shipNow');
  const searchParams = useSearchParams();
  const money = (minor: number) => format.number(minor / 100, { style: 'currency', currency: data.currency });
  const explain = (refusal: Refusal) => refusalMessage(tReturns, refusal, { locale, currency: data.currency });

  // The step lives in the URL (?step=reason: Back and reload keep it), never past the furthest step reached.
  // What the tab keeps between loads (restored from sessionStorage once the page runs in the browser): the
  // furthest step reached and the request key; `restored` is false until then, `cameBack` when a draft was found.
  const [session, setSession] = useState(() => ({ restored: false, cameBack: false, reached: 0, idempotencyKey: crypto.randomUUID() }));
  const { reached, restored, cameBack, idempotencyKey } = session;
  const step = stepFromUrl(searchParams.get('step'), reached);
  const goTo = (index: number) => {
    const url = new URL(window.location.href);
    if (index === 0) url.searchParams.delete('step');
    else url.searchParams.set('step', wizardSteps[index]!);
    window.history.pushState(null, '', url);
  };
  const [offline, setOffline] = useState(false);
  const submitted = useRef(false);
  const [serverError, setServerError] = useState<string[] | null>(null);
  // Which step-level message the last Continue raised; shown only while it still applies (see below).
  const [stepError, setStepError] = useState<'selectItem' | 'fixStep' | null>(null);
  const [isPending, startTransition] = useTransition();
  const headingRef = useRef<HTMLHeadingElement>(null);
  const firstRender = useRef(true);
  const skipFocus = useRef(false);
  const totalsRef = useRef<HTMLElement>(null);

  // The page keeps focused fields clear of the sticky totals: html's scroll-padding-bottom follows the bar's height.
  useEffect(() => {
    const bar = totalsRef.current;
    if (!bar) return;
    const root = document.documentElement;
    const update = () => {
      const sticky = getComputedStyle(bar).position === 'sticky';
      root.style.setProperty('--sticky-bottom', sticky ? `${Math.ceil(bar.getBoundingClientRect().height) + 8}px` : '0px');
    };
    update();
    const observer = new ResizeObserver(update);
    observer.observe(bar);
    window.addEventListener('resize', update);
    // Belt and braces for browsers whose focus scrolling ignores scroll-padding: lift a field the bar still covers.
    const uncover = (event: FocusEvent) => {
      const target = event.target;
      if (!(target instanceof HTMLElement) || bar.contains(target)) return;
      requestAnimationFrame(() => {
        if (getComputedStyle(bar).position !== 'sticky') return;
        const covered = target.getBoundingClientRect().bottom - bar.getBoundingClientRect().top + 8;
        if (covered > 0 && target.getBoundingClientRect().bottom > 0) window.scrollBy({ top: covered });
      });
    };
    document.addEventListener('focusin', uncover);
    return () => {
      observer.disconnect();
      window.removeEventListener('resize', update);
      document.removeEventListener('focusin', uncover);
      root.style.removeProperty('--sticky-bottom');
    };
  }, []);

  const form = useForm<ReturnRequestForm>({
    resolver: zodResolver(returnRequestSchema),
    defaultValues: {
      orderNumber: data.orderNumber,
      idempotencyKey,
      method: '',
      carrier: '',
      shipNow: false,
      refundAccount: EMPTY_REFUND_ACCOUNT,
      items: data.lines.map((line) => emptyItem(line.id)),
    },
  });
  const { errors } = form.formState;
  const values = useWatch({ control: form.control });
  const items = values.items ?? [];
  const selectedIndexes = items.flatMap((item, index) => (item?.selected ? [index] : []));

  // Restore the draft once, in the browser: the answers, the request key and how far the customer got.
  useEffect(() => {
    let draft = null;
    try {
      draft = restoreDraft(
        window.sessionStorage.getItem(draftStorageKey(data.orderNumber)),
        {
          orderNumber: data.orderNumber,
          lineIds: data.lines.map((l) => l.id),
          reasonCodes: data.reasons.map((r) => r.code),
          variantIds: [...data.lines.flatMap((l) => l.exchangeVariants.map((v) => v.id)), ...data.otherProducts.map((v) => v.id)],
        },
        Date.now(),
      );
    } catch {
      // Storage blocked (private mode, policy): the wizard works, only without a draft.
    }
    if (draft) {
      // Coming back to a later step is not a move: the heading is not focused for it.
      skipFocus.current = stepFromUrl(searchParams.get('step'), draft.reached) !== step;
      form.reset({ orderNumber: data.orderNumber, idempotencyKey: draft.idempotencyKey, refundAccount: EMPTY_REFUND_ACCOUNT, ...draft.values });
    }
    const found = draft;
    // Syncing from the browser's storage, which the server render cannot read: one update after mount.
    // eslint-disable-next-line react-hooks/set-state-in-effect
    setSession((s) => (found ? { restored: true, cameBack: true, reached: found.reached, idempotencyKey: found.idempotencyKey } : { ...s, restored: true }));
    // eslint-disable-next-line react-hooks/exhaustive-deps -- once per page load
  }, []);

  // Every change is saved at once (a lost tab or connection loses nothing); the draft goes after a submit.
  useEffect(() => {
    if (!restored || submitted.current) return;
    try {
      const key = draftStorageKey(data.orderNumber);
      const current = form.getValues();
      if (hasAnswers(current)) {
        window.sessionStorage.setItem(key, serializeDraft({ orderNumber: data.orderNumber, idempotencyKey, reached, values: current, now: Date.now() }));
      } else window.sessionStorage.removeItem(key);
    } catch {
      // Full or blocked storage: nothing to keep the draft in.
    }
  });

  // Leaving with unsent answers asks first: closing or reloading the tab (the browser's own question) and
  // links inside the app, which do not unload the page.
  const unsent = restored && hasAnswers(values as ReturnRequestForm);
  useEffect(() => {
    if (!unsent) return;
    const beforeUnload = (event: BeforeUnloadEvent) => {
      if (submitted.current) return;
      event.preventDefault();
      event.returnValue = '';
    };
    const onClick = (event: MouseEvent) => {
      if (submitted.current || event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
      const link = (event.target as Element | null)?.closest?.('a[href]');
      if (!(link instanceof HTMLAnchorElement) || link.target === '_blank' || link.hasAttribute('download')) return;
      const to = new URL(link.href, window.location.href);
      if (to.origin !== window.location.origin || to.pathname === window.location.pathname) return;
      if (!window.confirm(tDraft('leaveConfirm'))) {
        event.preventDefault();
        event.stopImmediatePropagation();
      } else submitted.current = true; // asked once: the unload that follows does not ask again
    };
    window.addEventListener('beforeunload', beforeUnload);
    document.addEventListener('click', onClick, true);
    return () => {
      window.removeEventListener('beforeunload', beforeUnload);
      document.removeEventListener('click', onClick, true);
    };
  }, [unsent, tDraft]);

  // Focus the step's heading after moving, so screen readers announce where the customer is.
  useEffect(() => {
    if (firstRender.current) {
      firstRender.current = false;
      return;
    }
    if (skipFocus.current) {
      skipFocus.current = false;
      return;
    }
    headingRef.current?.focus();
  }, [step]);

  const reasonOf = (code: string | undefined) => data.reasons.find((r) => r.code === code);
  const lineAt = (index: number) => data.lines[index]!;

  // Live stock of every variant the customer could pick (re-read every 15 s while the wizard is open).
  const variantIds = useMemo(
    () => [...new Set([...data.lines.flatMap((l) => l.exchangeVariants.map((v) => v.id)), ...data.otherProducts.map((v) => v.id)])],
    [data],
  );
  const stock = useQuery({
    queryKey: ['return-stock', data.orderNumber, variantIds],
    enabled: variantIds.length > 0 && step >= 2,
    refetchInterval: 15_000,
    queryFn: async () => {
      const response = await fetch(`/api/returns/stock?order=${encodeURIComponent(data.orderNumber)}&ids=${variantIds.join(',')}`);
      if (!response.ok) throw new Error(String(response.status));
      return ((await response.json()) as { stock: Record<string, number> }).stock;
    },
  });
  const stockOf = (variant: VariantOptionDto) => stock.data?.[variant.id] ?? variant.stock;

  // The running total uses the same engine as the server.
  const quote = (() => {
    const policy: PolicyRules = {
      windowDays: data.windowDays,
      finalSaleReturnable: true,
      feesByMarket: { [data.market]: { amount: data.marketFee, currency: data.currency } },
      reasons: data.reasons.map((r) => ({ code: r.code, labels: {}, photoRequired: r.photoRequired, feeWaived: r.feeWaived, autoApprove: r.autoApprove, resolutions: r.resolutions })),
      exchangeBonusPercent: data.bonusPercent,
      maxOpenReturnsPerOrder: 99,
      shipExchangeNow: false,
      shipNowChargeAfterDays: 14,
      shipNowMaxOrderValue: null,
    };
    const lines: PolicyLine[] = data.lines.map((l) => ({
      id: l.id,
      unitPrice: l.unitPrice,
      quantity: l.returnableQuantity,
      fulfilledQuantity: l.returnableQuantity,
      returnRequestedQuantity: 0,
      returnedQuantity: 0,
      finalSale: false,
      deliveredQuantity: l.returnableQuantity,
      deliveredAt: new Date(),
      productKey: l.productKey,
      variantId: l.variantId,
    }));
    const requested: RequestedItem[] = selectedIndexes.map((index) => {
      const item = items[index]!;
      const variant = [...lineAt(index).exchangeVariants, ...data.otherProducts].find((v) => v.id === item.exchangeVariantId);
      return {
        orderLineId: lineAt(index).id,
        quantity: Number(item.quantity) || 1,
        reasonCode: item.reasonCode ?? '',
        resolution: item.resolution === 'refund' || item.resolution === 'store_credit' || !item.resolution ? (item.resolution || 'refund') as 'refund' | 'store_credit' : 'exchange',
        photoCount: item.photoIds?.length ?? 0,
        exchange: variant ? { variantId: variant.id, productKey: variant.productKey, price: variant.price, currency: variant.currency, stock: variant.stock } : null,
      };
    });
    return quoteReturn(policy, { market: data.market, currency: data.currency }, lines, requested);
  })();

  /** A refund of an invoice, BNPL or bank-transfer order goes to a bank account the customer gives here. */
  const needsAccountFor = (current: Pick<ReturnRequestForm, 'items'>) => data.refundToBankAccount && current.items.some((item) => item?.selected && item.resolution === 'refund');
  const needsAccount = needsAccountFor({ items: items as ReturnRequestForm['items'] });

  const autoApprove = selectedIndexes.length > 0 && selectedIndexes.every((i) => reasonOf(items[i]?.reasonCode)?.autoApprove);

  /**
   * "Send my new item now": offered when the policy allows it for this order (data.shipNow), every chosen item is
   * an exchange whose variant has the stock, and the return is approved at once (the same rule the server applies
   * on submit). A return staff must review first gets no offer but the reason why.
   */
  const shipNowBlock: Refusal | null =
    data.shipNow === null
      ? { code: 'ship_now_not_offered' }
      : shipNowRefusal(
          { shipExchangeNow: true, shipNowMaxOrderValue: data.shipNow.maxOrderValue },
          data.shipNow.orderValue,
          selectedIndexes.map((index) => {
            const item = items[index]!;
            const variant = [...lineAt(index).exchangeVariants, ...data.otherProducts].find((v) => v.id === item.exchangeVariantId);
            const exchange = item.resolution === 'exchange_variant' || item.resolution === 'exchange_product';
            return {
              resolution: exchange ? ('exchange' as const) : ('refund' as const),
              quantity: Number(item.quantity) || 1,
              exchange: exchange && variant ? { variantId: variant.id, productKey: variant.productKey, price: variant.price, currency: variant.currency, stock: stockOf(variant) } : null,
            };
          }),
          autoApprove,
        );
  const shipNowAvailable = shipNowBlock === null;
  // The day the old item must have arrived, in the customer's language ("16 December 2026", "16. joulukuuta 2026").
  const shipNowDate = data.shipNow
    ? localDate(dates, shipNowDeadline(new Date(), data.shipNow.chargeAfterDays).toISOString(), 'long')
    : '';
  // A choice that no longer applies (an item changed to a refund, the stock ran out) is dropped, never sent.
  useEffect(() => {
    if (restored && values.shipNow && !shipNowAvailable) form.setValue('shipNow', false);
  }, [restored, values.shipNow, shipNowAvailable, form]);

  /**
   * Every problem of the form as it stands, by field path: the shared schema plus the rules that
   * need the policy (the returnable quantity, photos per reason, live stock). Continue shows the
   * current step's problems; a change only ever clears the ones the customer has fixed.
   */
  function problemsOf(current: ReturnRequestForm): Map<string, string> {
    const out = new Map<string, string>();
    const parsed = returnRequestSchema.safeParse(current);
    if (!parsed.success) for (const issue of parsed.error.issues) if (!out.has(issue.path.join('.'))) out.set(issue.path.join('.'), issue.message);
    if (needsAccountFor(current)) {
      const account = checkRefundAccount(current.refundAccount);
      if (!account.ok) for (const [field, key] of Object.entries(account.errors)) out.set(`refundAccount.${field}`, key);
    }
    current.items.forEach((item, i) => {
      if (!item.selected) return;
      const line = lineAt(i);
      const quantity = Number(item.quantity);
      if (!out.has(`items.${i}.quantity`) && (quantity > line.returnableQuantity || quantity < 1)) out.set(`items.${i}.quantity`, 'quantityMax');
      if (reasonOf(item.reasonCode)?.photoRequired && item.photoIds.length === 0) out.set(`items.${i}.photoIds`, 'photoRequired');
      if (item.exchangeVariantId && !out.has(`items.${i}.exchangeVariantId`)) {
        const variant = [...line.exchangeVariants, ...data.otherProducts].find((v) => v.id === item.exchangeVariantId);
        if (variant && stockOf(variant) < quantity) out.set(`items.${i}.exchangeVariantId`, 'soldOut');
      }
    });
    return out;
  }

  /** The fields a step asks for (the review step: all of them). */
  function stepFields(name: (typeof wizardSteps)[number]): Array<FieldPath<ReturnRequestForm>> {
    const fields: Array<FieldPath<ReturnRequestForm>> = [];
    for (const i of selectedIndexes) {
      if (name === 'items' || name === 'review') fields.push(`items.${i}.quantity`);
      if (name === 'reason' || name === 'review') fields.push(`items.${i}.reasonCode`, `items.${i}.comment`, `items.${i}.photoIds`);
      if (name === 'resolution' || name === 'review') fields.push(`items.${i}.resolution`, `items.${i}.exchangeVariantId`);
    }
    if ((name === 'resolution' || name === 'review') && needsAccountFor(form.getValues())) fields.push('refundAccount.holder', 'refundAccount.iban', 'refundAccount.bic');
    if (name === 'method' || name === 'review') fields.push('method', 'carrier');
    return fields;
  }

  /** Validates the current step: its problems are shown (and only those), the first one focused. */
  function validateStep(): boolean {
    setStepError(null);
    const name = wizardSteps[step]!;
    if (name === 'items' && selectedIndexes.length === 0) {
      setStepError('selectItem');
      return false;
    }
    const problems = problemsOf(form.getValues());
    form.clearErrors();
    const invalid = stepFields(name).filter((field) => problems.has(field));
    for (const field of invalid) form.setError(field, { message: problems.get(field) });
    if (invalid.length === 0) return true;
    setStepError('fixStep');
    form.setFocus(invalid[0]!);
    // The exchange's chips and cards are not registered inputs: their first radio that can be chosen takes the focus.
    const exchangeOf = /^items\.(\d+)\.exchangeVariantId$/.exec(invalid[0]!);
    if (exchangeOf) document.querySelector<HTMLInputElement>(`[data-exchange-choice="${exchangeOf[1]}"] input:enabled`)?.focus();
    return false;
  }

  // A fixed answer loses its error at once (the next Continue shows new ones): after every change,
  // each error of this step is checked again and cleared when its problem is gone.
  useEffect(() => {
    const problems = problemsOf(form.getValues());
    for (const field of stepFields(wizardSteps[step]!)) {
      const shown = form.getFieldState(field).error;
      if (!shown) continue;
      const now = problems.get(field);
      if (!now) form.clearErrors(field);
      else if (now !== shown.message) form.setError(field, { message: now });
    }
  });

  function next() {
    if (!validateStep()) return;
    const to = Math.min(step + 1, wizardSteps.length - 1);
    setSession((s) => ({ ...s, reached: Math.max(s.reached, to) }));
    goTo(to);
  }

  function back() {
    setStepError(null);
    goTo(Math.max(0, step - 1));
  }

  const submit = (event: React.FormEvent<HTMLFormElement>) =>
    form.handleSubmit(
    (valid) => {
      setServerError(null);
      setOffline(false);
      startTransition(async () => {
        let result: Awaited<ReturnType<typeof submitReturnAction>>;
        try {
          result = await submitReturnAction(valid);
        } catch {
          // No answer (offline, a dropped connection, a timeout): the answers stay, and a retry sends the
          // same request key, so the server creates the return once even if the first request got through.
          setOffline(true);
          headingRef.current?.focus();
          return;
        }
        if (result.ok) {
          submitted.current = true;
          try {
            window.sessionStorage.removeItem(draftStorageKey(data.orderNumber));
          } catch {
            // nothing kept
          }
          router.push(`/${locale}/returns/${result.rma}`);
          return;
        }
        // The server refused the bank account: back to the step that asks for it, with the field's message.
        const accountErrors = Object.entries(result.fieldErrors ?? {}).filter(([field]) => field.startsWith('refundAccount.'));
        if (accountErrors.length) {
          goTo(wizardSteps.indexOf('resolution'));
          for (const [field, messages] of accountErrors) form.setError(field as FieldPath<ReturnRequestForm>, { message: messages[0] });
          setStepError('fixStep');
          return;
        }
        const messages = result.refusals?.length
          ? result.refusals.map((r) => {
              const line = data.lines.find((l) => l.id === r.orderLineId);
              return line ? `${line.title}: ${explain(r.refusal)}` : explain(r.refusal);
            })
          : [t(result.code === 'unauthorized' ? 'errors.noAccess' : result.code === 'unavailable' ? 'errors.unavailable' : 'errors.generic')];
        setServerError(messages);
        headingRef.current?.focus();
      });
    },
    () => setStepError('fixStep'),
  )(event);

  const fieldError = (message: string | undefined) => (message ? t(`errors.${message}` as 'errors.generic') : undefined);
  const stepName = wizardSteps[step]!;
  // The step's message disappears with its cause: "choose an item" once one is chosen, "check the
  // highlighted answers" once none is highlighted any more.
  const stepErrorShown =
    stepError === 'selectItem'
      ? selectedIndexes.length === 0
      : stepError === 'fixStep' && stepFields(stepName).some((field) => form.getFieldState(field, form.formState).invalid);

  if (data.orderRefusal) {
    return <p className="rounded-xl border border-[var(--color-line)] bg-white p-4">{explain(data.orderRefusal)}</p>;
  }

  return (
    <form
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        if (stepName === 'review') void submit(event);
        else next();
      }}
      className="space-y-5"
    >
      <nav aria-label={t('progressLabel')}>
        <ol className="flex flex-wrap gap-x-3 gap-y-1 text-sm">
          {wizardSteps.map((name, index) => (
            <li key={name} aria-current={index === step ? 'step' : undefined} className={index === step ? 'font-semibold text-[var(--color-ink)]' : 'text-[var(--color-muted)]'}>
              {index > 0 && <span aria-hidden="true">· </span>}
              {t(`steps.${name}`)}
            </li>
          ))}
        </ol>
      </nav>

      <div className="rounded-2xl border border-[var(--color-line)] bg-white p-4 sm:p-6">
        <p className="text-sm text-[var(--color-muted)]">{t('stepOf', { step: step + 1, total: wizardSteps.length })}</p>
        <h2 ref={headingRef} tabIndex={-1} className="mt-1 text-xl font-semibold">
          {t(`headings.${stepName}`)}
        </h2>

        <p role="status" data-testid="wizard-restored" className="text-sm text-[var(--color-muted)]">
          {cameBack ? tDraft('restored') : ''}
        </p>
        <div aria-live="assertive" aria-atomic="true">
          {offline && !isPending && (
            <div role="alert" data-testid="wizard-offline" className="mt-3 rounded-lg border border-[var(--color-danger)] bg-[var(--color-danger-bg)] p-3 text-[var(--color-danger)]">
              <p>{tDraft('offline')}</p>
              <button type="submit" className="mt-2 min-h-11 rounded-lg border border-current bg-white px-4 font-semibold">
                {tDraft('retry')}
              </button>
            </div>
          )}
          {((stepError && stepErrorShown) || serverError) && (
            <div role="alert" className="mt-3 rounded-lg border border-[var(--color-danger)] bg-[var(--color-danger-bg)] p-3 text-[var(--color-danger)]">
              {stepError && stepErrorShown && <p>{t(`errors.${stepError}`)}</p>}
              {serverError && (
                <ul className="list-disc pl-5">
                  {serverError.map((m) => (
                    <li key={m}>{m}</li>
                  ))}
                </ul>
              )}
            </div>
          )}
        </div>

        {stepName === 'items' && (
          <fieldset className="mt-4">
            <legend className="sr-only">{t('headings.items')}</legend>
            <ul className="divide-y divide-[var(--color-line)]">
              {data.lines.map((line, index) => (
                itemRow(line, index)
              ))}
            </ul>
          </fieldset>
        )}

        {stepName === 'reason' && (
          <div className="mt-4 space-y-6">
            {selectedIndexes.map((index) => {
              const line = lineAt(index);
              const item = items[index]!;
              const reason = reasonOf(item.reasonCode);
              const err = errors.items?.[index];
              return (
                <fieldset key={line.id} className="space-y-3 border-t border-[var(--color-line)] pt-4 first:border-0 first:pt-0">
                  <legend className="font-semibold">{t('itemLegend', { title: line.title, options: optionsText(line.options) || '–' })}</legend>
                  <div>
                    <label htmlFor={`reason-${index}`} className="block font-medium">
                      {t('reason')}
                    </label>
                    <select
                      id={`reason-${index}`}
                      {...form.register(`items.${index}.reasonCode`, { onChange: () => form.clearErrors(`items.${index}.photoIds`) })}
                      aria-invalid={err?.reasonCode ? true : undefined}
                      aria-describedby={err?.reasonCode ? `reason-${index}-error` : undefined}
                      className="mt-2 block min-h-12 w-full rounded-xl border border-[#8a9691] bg-white px-3 text-base"
                    >
                      <option value="">{t('chooseReason')}</option>
                      {data.reasons.map((r) => (
                        <option key={r.code} value={r.code}>
                          {r.label}
                        </option>
                      ))}
                    </select>
                    {err?.reasonCode && (
                      <p id={`reason-${index}-error`} className="mt-1 text-sm text-[var(--color-danger)]">
                        {fieldError(err.reasonCode.message)}
                      </p>
                    )}
                    {reason?.feeWaived && data.marketFee > 0 && <p className="mt-1 text-sm">{t('feeWaivedForReason')}</p>}
                  </div>
                  <div>
                    <label htmlFor={`comment-${index}`} className="block font-medium">
                      {t('comment')}
                    </label>
                    <textarea
                      id={`comment-${index}`}
                      rows={3}
                      maxLength={1000}
                      {...form.register(`items.${index}.comment`)}
                      className="mt-2 block w-full rounded-xl border border-[#8a9691] bg-white p-3 text-base"
                    />
                  </div>
                  {reason?.photoRequired && (
                    <PhotoField
                      inputId={`photos-${index}`}
                      orderNumber={data.orderNumber}
                      locale={locale}
                      max={5}
                      required
                      value={item.photoIds ?? []}
                      error={fieldError(err?.photoIds?.message)}
                      onChange={(ids) => form.setValue(`items.${index}.photoIds`, ids, { shouldValidate: false })}
                    />
                  )}
                </fieldset>
              );
            })}
          </div>
        )}

        {stepName === 'resolution' && (
          <div className="mt-4 space-y-6">
            {selectedIndexes.map((index) => {
              const line = lineAt(index);
              const item = items[index]!;
              const allowed = reasonOf(item.reasonCode)?.resolutions ?? ['refund'];
              const qty = Number(item.quantity) || 1;
              const err = errors.items?.[index];
              const choices = [
                allowed.includes('refund') && { value: 'refund', label: t('resolution.refund', { amount: money(line.unitPrice * qty) }) },
                allowed.includes('store_credit') && {
                  value: 'store_credit',
                  label: t('resolution.storeCredit', { amount: money(Math.round((line.unitPrice * qty * (100 + data.bonusPercent)) / 100)), bonus: data.bonusPercent }),
                },
                allowed.includes('exchange') && line.exchangeVariants.length > 0 && { value: 'exchange_variant', label: t('resolution.exchangeVariant') },
                allowed.includes('exchange') && data.otherProducts.length > 0 && { value: 'exchange_product', label: t('resolution.exchangeProduct') },
              ].filter((c): c is { value: string; label: string } => Boolean(c));
              return (
                <fieldset key={line.id} className="space-y-2 border-t border-[var(--color-line)] pt-4 first:border-0 first:pt-0" aria-describedby={err?.resolution ? `resolution-${index}-error` : undefined}>
                  <legend className="font-semibold">{t('itemLegend', { title: line.title, options: optionsText(line.options) || '–' })}</legend>
                  {choices.map((choice) => (
                    <label key={choice.value} className="flex min-h-11 items-start gap-3 rounded-lg p-2 hover:bg-[var(--color-canvas)]">
                      <input
                        type="radio"
                        value={choice.value}
                        {...form.register(`items.${index}.resolution`, {
                          onChange: () => {
                            form.setValue(`items.${index}.exchangeVariantId`, '');
                            form.clearErrors(`items.${index}.exchangeVariantId`);
                          },
                        })}
                        className="mt-1 h-5 w-5 shrink-0"
                      />
                      <span>{choice.label}</span>
                    </label>
                  ))}
                  {err?.resolution && (
                    <p id={`resolution-${index}-error`} className="text-sm text-[var(--color-danger)]">
                      {fieldError(err.resolution.message)}
                    </p>
                  )}
                  {item.resolution === 'exchange_variant' && line.exchangeVariants.length > 0 && (
                    <VariantChips
                      index={index}
                      dimensions={line.optionDimensions}
                      variants={line.exchangeVariants.map((variant) => ({ ...variant, stock: stockOf(variant) }))}
                      current={line.options}
                      quantity={qty}
                      chosenId={item.exchangeVariantId ?? ''}
                      onChoose={(id) => form.setValue(`items.${index}.exchangeVariantId`, id)}
                      error={fieldError(err?.exchangeVariantId?.message)}
                    />
                  )}
                  {item.resolution === 'exchange_product' && data.otherProducts.length > 0 && (
                    <ExchangeProductCards
                      index={index}
                      products={data.otherProducts.map((product) => ({ ...product, stock: stockOf(product) }))}
                      quantity={qty}
                      chosenId={item.exchangeVariantId ?? ''}
                      onChoose={(id) => form.setValue(`items.${index}.exchangeVariantId`, id)}
                      price={money}
                      error={fieldError(err?.exchangeVariantId?.message)}
                    />
                  )}
                  {(item.resolution === 'exchange_variant' || item.resolution === 'exchange_product') && (
                    <p className="mt-1 pl-2 text-sm text-[var(--color-muted)]" aria-live="polite">
                      {stock.isFetching ? t('stockChecking') : t('stockLive')}
                    </p>
                  )}
                </fieldset>
              );
            })}
          </div>
        )}

        {stepName === 'resolution' && needsAccount && accountFields()}

        {stepName === 'resolution' && shipNowAvailable && (
          <fieldset className="mt-4 space-y-2 rounded-xl border border-[var(--color-line)] p-3" data-testid="ship-now">
            <legend className="px-1 font-semibold">{tShip('wizard.legend')}</legend>
            <label className="flex min-h-11 items-start gap-3 rounded-lg p-2 hover:bg-[var(--color-canvas)]">
              <input type="radio" name="shipNow" value="now" checked={values.shipNow === true} onChange={() => form.setValue('shipNow', true)} className="mt-1 h-5 w-5 shrink-0" />
              <span>
                <span className="block font-medium">{tShip('wizard.now')}</span>
                <span className="block text-sm text-[var(--color-muted)]">{tShip('wizard.nowBody', { date: shipNowDate })}</span>
              </span>
            </label>
            <label className="flex min-h-11 items-start gap-3 rounded-lg p-2 hover:bg-[var(--color-canvas)]">
              <input type="radio" name="shipNow" value="later" checked={values.shipNow !== true} onChange={() => form.setValue('shipNow', false)} className="mt-1 h-5 w-5 shrink-0" />
              <span>
                <span className="block font-medium">{tShip('wizard.later')}</span>
                <span className="block text-sm text-[var(--color-muted)]">{tShip('wizard.laterBody')}</span>
              </span>
            </label>
          </fieldset>
        )}

        {stepName === 'resolution' && shipNowBlock?.code === 'ship_now_needs_review' && (
          <p data-testid="ship-now-unavailable" className="mt-4 rounded-xl border border-[var(--color-line)] p-3 text-sm">
            {explain(shipNowBlock)}
          </p>
        )}

        {stepName === 'method' && methodStep()}

        {stepName === 'review' && (
          <div className="mt-4 space-y-4">
            <ul className="space-y-3">
              {selectedIndexes.map((index) => {
                const line = lineAt(index);
                const item = items[index]!;
                const variant = [...line.exchangeVariants, ...data.otherProducts].find((v) => v.id === item.exchangeVariantId);
                return (
                  <li key={line.id} className="rounded-lg bg-[var(--color-canvas)] p-3">
                    <p className="font-medium">
                      {t('reviewItem', { quantity: Number(item.quantity) || 1, title: line.title, options: optionsText(line.options) || '–' })}
                    </p>
                    <p className="text-sm">{reasonOf(item.reasonCode)?.label}</p>
                    <p className="text-sm">
                      {item.resolution === 'refund'
                        ? t('reviewRefund')
                        : item.resolution === 'store_credit'
                          ? t('reviewCredit', { bonus: data.bonusPercent })
                          : t('reviewExchange', { name: variant ? `${variant.title} · ${optionsText(variant.options)}` : '–' })}
                    </p>
                  </li>
                );
              })}
            </ul>
            {shipNowAvailable && (
              <p data-testid="review-ship-now" className="rounded-lg border border-[var(--color-line)] p-3">
                {values.shipNow ? tShip('review.now', { date: shipNowDate }) : tShip('review.later')}
              </p>
            )}
            {needsAccount && values.refundAccount?.iban && (
              <p data-testid="review-account">{tAccount('review', { holder: values.refundAccount.holder ?? '', account: maskIban(values.refundAccount.iban) })}</p>
            )}
            <p>
              {values.method ? t(`method.${values.method as ReturnMethod}.title`) : ''}
              {values.carrier ? ` · ${carrierNames[values.carrier as ReturnCarrier]}` : ''}
            </p>
            <div>
              <h3 className="font-semibold">{t('nextTitle')}</h3>
              <ol className="mt-1 list-decimal space-y-1 pl-5">
                <li>{autoApprove ? t(`next.instant.${(values.method || 'drop_off') as ReturnMethod}`) : t('next.review')}</li>
                <li>{t('next.send')}</li>
                {quote.refund > 0 && <li>{t('next.refund', { amount: money(quote.refund) })}</li>}
                {quote.credit > 0 && <li>{t('next.credit', { amount: money(quote.credit) })}</li>}
              </ol>
            </div>
          </div>
        )}
      </div>

      <div className="flex flex-wrap gap-3">
        {step > 0 && (
          <button type="button" onClick={back} className="min-h-12 flex-1 rounded-xl border border-[#8a9691] bg-white px-5 font-semibold sm:flex-none">
            {t('back')}
          </button>
        )}
        {/* Disabled until the page runs (and the draft is back): a click on the server HTML would submit natively and lose the answers. */}
        <button type="submit" disabled={isPending || !restored} className="min-h-12 flex-1 rounded-xl bg-[var(--accent)] px-5 font-semibold text-[var(--accent-contrast)] disabled:opacity-70 sm:flex-none">
          {stepName === 'review' ? (isPending ? t('submitting') : t('submit')) : t('continue')}
        </button>
      </div>

      {/* The running total stays in view: one or two short lines (WCAG 2.4.11: html's scroll-padding keeps
          the focused field above it), and not sticky at all on short (landscape) screens. */}
      <section
        ref={totalsRef}
        aria-label={t('totals.label')}
        data-testid="wizard-totals"
        className="sticky bottom-0 z-10 rounded-xl border border-[var(--color-line)] bg-white px-4 py-2 shadow-sm [@media(max-height:30rem)]:static"
      >
        <dl className="flex flex-wrap gap-x-5 text-sm">
          <div className="flex gap-1.5">
            <dt className="text-[var(--color-muted)]">{t('totals.refund')}</dt>
            <dd className="font-semibold" data-testid="total-refund">
              {money(quote.refund)}
            </dd>
          </div>
          <div className="flex gap-1.5">
            <dt className="text-[var(--color-muted)]">{t('totals.credit')}</dt>
            <dd className="font-semibold" data-testid="total-credit">
              {money(quote.credit)}
            </dd>
          </div>
          <div className="flex gap-1.5">
            <dt className="text-[var(--color-muted)]">{t('totals.fee')}</dt>
            <dd data-testid="total-fee">{quote.feeWaived ? t('totals.feeWaived') : money(quote.fee)}</dd>
          </div>
        </dl>
      </section>
    </form>
  );

  // Render helpers, not components: a component declared here would remount (and drop focus) on every keystroke.
  function accountFields() {
    const err = errors.refundAccount;
    const expected = SEPA_IBAN_LENGTHS[normalizeIban(values.refundAccount?.iban ?? '').slice(0, 2)] ?? 0;
    const message = (key: string | undefined) => (key ? tAccount(`errors.${key}` as 'errors.ibanChecksum', { length: expected }) : undefined);
    const field = (name: 'holder' | 'iban' | 'bic', extra: React.InputHTMLAttributes<HTMLInputElement>) => {
      const error = message(err?.[name]?.message);
      return (
        <div>
          <label htmlFor={`account-${name}`} className="block font-medium">
            {tAccount(`${name}Label`)}
          </label>
          <p id={`account-${name}-hint`} className="text-sm text-[var(--color-muted)]">
            {tAccount(`${name}Hint`)}
          </p>
          <input
            id={`account-${name}`}
            {...form.register(`refundAccount.${name}`)}
            {...extra}
            aria-invalid={error ? true : undefined}
            aria-describedby={[`account-${name}-hint`, error ? `account-${name}-error` : ''].filter(Boolean).join(' ')}
            className="mt-2 block min-h-12 w-full rounded-xl border border-[#8a9691] bg-white px-3 text-base"
          />
          {error && (
            <p id={`account-${name}-error`} className="mt-1 text-sm text-[var(--color-danger)]">
              {error}
            </p>
          )}
        </div>
      );
    };
    return (
      <fieldset className="mt-4 space-y-3 rounded-xl border border-[var(--color-line)] p-3" data-testid="refund-account">
        <legend className="px-1 font-semibold">{tAccount('legend')}</legend>
        <p className="text-sm">{tAccount('intro')}</p>
        {field('holder', { autoComplete: 'name' })}
        {field('iban', { autoComplete: 'off', spellCheck: false, inputMode: 'text', autoCapitalize: 'characters' })}
        {field('bic', { autoComplete: 'off', spellCheck: false, autoCapitalize: 'characters' })}
        <p className="text-sm text-[var(--color-muted)]">{tAccount('privacy')}</p>
      </fieldset>
    );
  }

  function itemRow(line: WizardLineDto, index: number) {
    const item = items[index];
    const err = errors.items?.[index];
    const disabled = line.returnableQuantity === 0;
    return (
      <li key={line.id} className="py-3">
        <div className="flex items-start gap-3">
          {/* Like Continue, usable once the page runs: a box ticked in the server HTML is not in the form's state,
              and Continue would then say "choose an item" beside a ticked box (seen on a loaded CI machine). */}
          <input
            id={`select-${index}`}
            type="checkbox"
            disabled={disabled || !restored}
            {...form.register(`items.${index}.selected`, { onChange: () => form.clearErrors(`items.${index}`) })}
            aria-describedby={`line-${index}-info`}
            className="mt-1 h-6 w-6 shrink-0"
          />
          {/* Beside the label with the title: an empty alt, so screen readers do not read it twice. */}
          <ProductImage image={line.image} size={48} eager={index < 4} />
          <div className="min-w-0 flex-1">
            <label htmlFor={`select-${index}`} className="font-medium">
              {line.title}
            </label>
            <p id={`line-${index}-info`} className="text-sm text-[var(--color-muted)]">
              {[optionsText(line.options), money(line.unitPrice)].filter(Boolean).join(' · ')}
              {' · '}
              {line.refusal ? explain(line.refusal) : t('returnableUntil', { count: line.returnableQuantity, date: localDate(dates, line.deadline ?? '', 'weekday') })}
            </p>
            {item?.selected && line.returnableQuantity > 1 && (
              <div className="mt-2">
                <label htmlFor={`quantity-${index}`} className="block text-sm font-medium">
                  {t('quantity', { max: line.returnableQuantity })}
                </label>
                <input
                  id={`quantity-${index}`}
                  type="number"
                  inputMode="numeric"
                  min={1}
                  max={line.returnableQuantity}
                  {...form.register(`items.${index}.quantity`)}
                  aria-invalid={err?.quantity ? true : undefined}
                  aria-describedby={err?.quantity ? `quantity-${index}-error` : undefined}
                  className="mt-1 block min-h-12 w-28 rounded-xl border border-[#8a9691] bg-white px-3 text-base"
                />
                {err?.quantity && (
                  <p id={`quantity-${index}-error`} className="mt-1 text-sm text-[var(--color-danger)]">
                    {t('errors.quantityMax', { max: line.returnableQuantity })}
                  </p>
                )}
              </div>
            )}
          </div>
        </div>
      </li>
    );
  }

  function methodStep() {
    const method = values.method as ReturnMethod | '';
    const carriers = data.methods.find((m) => m.method === method)?.carriers ?? [];
    return (
      <div className="mt-4 space-y-5">
        <fieldset aria-describedby={errors.method ? 'method-error' : undefined}>
          <legend className="font-medium">{t('chooseMethod')}</legend>
          {data.methods.map(({ method: m }) => (
            <label key={m} className="mt-2 flex min-h-11 items-start gap-3 rounded-lg p-2 hover:bg-[var(--color-canvas)]">
              <input type="radio" value={m} {...form.register('method', {
                  onChange: () => {
                    form.setValue('carrier', '');
                    form.clearErrors('carrier');
                  },
                })} className="mt-1 h-5 w-5 shrink-0" />
              <span>
                <span className="block font-medium">{t(`method.${m}.title`)}</span>
                <span className="block text-sm text-[var(--color-muted)]">{t(`method.${m}.body`)}</span>
              </span>
            </label>
          ))}
          {errors.method && (
            <p id="method-error" className="text-sm text-[var(--color-danger)]">
              {fieldError(errors.method.message)}
            </p>
          )}
        </fieldset>
        {method && (
          <fieldset aria-describedby={errors.carrier ? 'carrier-error' : undefined}>
            <legend className="font-medium">{t('chooseCarrier')}</legend>
            {carriers.map((c) => (
              <label key={c} className="mt-2 flex min-h-11 items-center gap-3 rounded-lg p-2 hover:bg-[var(--color-canvas)]">
                <input type="radio" value={c} {...form.register('carrier')} className="h-5 w-5 shrink-0" />
                <span>{carrierNames[c]}</span>
              </label>
            ))}
            {errors.carrier && (
              <p id="carrier-error" className="text-sm text-[var(--color-danger)]">
                {fieldError(errors.carrier.message)}
              </p>
            )}
          </fieldset>
        )}
        {method && method !== 'home_pickup' && values.carrier && data.servicePoints.carriers.includes(values.carrier as ReturnCarrier) && (
          <ServicePointsPanel
            key={values.carrier}
            carrier={values.carrier}
            carrierName={carrierNames[values.carrier as ReturnCarrier]}
            country={data.servicePoints.country}
            initialPostalCode={data.servicePoints.postalCode}
            locale={locale}
          />
        )}
      </div>
    );
  }
}
