'use client';

import { zodResolver } from '@hookform/resolvers/zod';
import { useFormatter, useTranslations } from 'next-intl';
import { useRouter } from 'next/navigation';
import { type KeyboardEvent, useEffect, useRef, useState, useTransition } from 'react';
import { useForm, useWatch } from 'react-hook-form';
import { deskSettlement, type SettlementOptions } from '@/lib/returns/settlement';
import { type ConfirmReceivingInput, confirmReceivingSchema, inspectionGrades, type ReceivingStep } from '@/lib/returns/staff/schemas';
import type { ErrorCode } from '@/lib/errors';
import type { StaffActionState } from '../_components/staff-action';
import { FormRow } from '../_ui/form-row';
import { SubmitButton } from '../_components/submit-button';
import { useHydrated } from '../_components/use-hydrated';
import { confirmReceivingAction, receiveReturnAction } from './actions';
import { secondaryButton } from '../_ui/button';

type Grade = (typeof inspectionGrades)[number];
export type DeskItem = {
  id: string;
  title: string;
  quantity: number;
  receivedQuantity: number;
  resolution: 'refund' | 'store_credit' | 'exchange';
  unitPrice: number;
  reasonCode: string;
  reasonLabel: string;
  inspectionGrade: Grade | null;
  restock: boolean | null;
};

const GENERIC: readonly ErrorCode[] = ['unauthorized', 'forbidden', 'not_found', 'conflict', 'invalid_input', 'invalid_state', 'unavailable'];
const unusable = (grade: string | undefined) => grade === 'damaged' || grade === 'missing';

/**
 * The receiving desk after a scan, on one screen: per item the received units, the grade and back to
 * stock or written off; below, live, the refund the completion will pay (the same pure function); one
 * Confirm runs receive + inspect + complete in one transaction. A return already received opens at
 * the grading, an inspected one at the proposal. Tab order: each item's units → grade → stock, then Confirm.
 */
export function DeskForm({ returnId, rma, step, currency, options, items }: { returnId: string; rma: string; step: ReceivingStep; currency: string; options: SettlementOptions; items: DeskItem[] }) {
  const t = useTranslations('staffReturns');
  const tErrors = useTranslations('staff.errors');
  const format = useFormatter();
  const router = useRouter();
  const hydrated = useHydrated();
  const [state, setState] = useState<StaffActionState>({ ok: null });
  const [pending, startTransition] = useTransition();
  const formRef = useRef<HTMLFormElement>(null);
  const form = useForm<ConfirmReceivingInput>({
    resolver: zodResolver(confirmReceivingSchema),
    defaultValues: {
      returnId,
      step,
      note: '',
      items: items.map((i) => {
        const received = step === 'receive' ? i.quantity : i.receivedQuantity;
        const grade: Grade = i.inspectionGrade ?? (received === 0 ? 'missing' : 'as_new');
        return { returnItemId: i.id, quantity: received, grade, restock: i.restock ?? !unusable(grade) };
      }),
    },
  });
  const values = useWatch({ control: form.control, name: 'items' });
  const settlement = deskSettlement(items, values.map((v) => ({ quantity: v.quantity as number | string, grade: v.grade })), options);
  const money = (minor: number) => format.number(minor / 100, { style: 'currency', currency });
  const needsNote = settlement.proposedRefund === 0 && items.some((i) => i.resolution === 'refund');

  // Straight after a scan the first thing to fill in has the focus (a received return: its first grade; an
  // inspected one: Confirm), once React runs (Confirm is disabled until then).
  useEffect(() => {
    if (hydrated) formRef.current?.querySelector<HTMLElement>('input:not([disabled]), select:not([disabled]), button[type=submit]')?.focus();
  }, [hydrated]);

  const run = (action: () => Promise<StaffActionState>, next: (rmaValue: string) => string) =>
    startTransition(async () => {
      setState({ ok: null });
      const result = await action();
      setState(result);
      // Ready for the next parcel: the page comes back with the status line and an empty, focused scan field.
      if (result.ok) router.push(next(rma));
    });

  const confirm = form.handleSubmit((v) => {
    if (needsNote && !v.note?.trim()) {
      form.setError('note', { type: 'required', message: 'shortRefundReason' }, { shouldFocus: true });
      return;
    }
    run(() => confirmReceivingAction(v), (code) => `/staff/receiving?done=${encodeURIComponent(code)}`);
  });
  const receiveOnly = form.handleSubmit((v) =>
    run(
      () => receiveReturnAction({ returnId: v.returnId, rma, items: v.items.map((i) => ({ returnItemId: i.returnItemId, quantity: i.quantity })) }),
      (code) => `/staff/receiving?received=${encodeURIComponent(code)}`,
    ),
  );
  // Enter in an item field never confirms (a scanner's stray Enter must not refund): Tab to Confirm and press it.
  const noImplicitSubmit = (event: KeyboardEvent<HTMLFormElement>) => {
    if (event.key === 'Enter' && event.target instanceof HTMLElement && event.target.tagName !== 'BUTTON' && event.target.tagName !== 'TEXTAREA') event.preventDefault();
  };

  const fieldError = (key?: string) => (key ? t(`errors.${key}` as 'errors.quantityInvalid') : undefined);
  let feedback = null;
  if (state.ok === false) {
    const reason = state.reason;
    const text =
      reason && t.has(`receiving.reasons.${reason}` as never)
        ? t(`receiving.reasons.${reason}` as never)
        : reason && t.has(`reasons.${reason}` as never)
          ? t(`reasons.${reason}` as never)
          : tErrors((GENERIC.includes(state.code) ? state.code : 'generic') as never);
    feedback = (
      <p role="alert" className="rounded-lg border border-[var(--color-danger)] bg-[var(--color-danger-bg)] p-3 text-[var(--color-danger)]">
        {text}
      </p>
    );
  }

  return (
    <form ref={formRef} noValidate className="space-y-4" onSubmit={confirm} onKeyDown={noImplicitSubmit} data-testid="receiving-desk">
      <p className="text-sm text-[var(--color-muted)]">{t(`receiving.step.${step}`)}</p>
      <div aria-live="polite">{feedback}</div>
      {items.map((item, index) => {
        const v = values[index];
        const received = Number(v?.quantity);
        const nothing = step === 'receive' ? String(v?.quantity ?? '') !== '' && received === 0 : item.receivedQuantity === 0;
        const quantity = form.register(`items.${index}.quantity`, {
          onChange: (event: { target: { value: string } }) => {
            const n = Number(event.target.value);
            if (event.target.value !== '' && n === 0) {
              form.setValue(`items.${index}.grade`, 'missing');
              form.setValue(`items.${index}.restock`, false);
            } else if (n > 0 && form.getValues(`items.${index}.grade`) === 'missing') {
              form.setValue(`items.${index}.grade`, 'as_new');
              form.setValue(`items.${index}.restock`, true);
            }
          },
        });
        const grade = form.register(`items.${index}.grade`, {
          onChange: (event: { target: { value: string } }) => {
            if (unusable(event.target.value)) form.setValue(`items.${index}.restock`, false);
            else if (unusable(v?.grade)) form.setValue(`items.${index}.restock`, true);
          },
        });
        return (
          <fieldset key={item.id} className="space-y-2 rounded border border-[var(--color-line)] p-3" data-testid="desk-item">
            <legend className="px-1 font-medium">{item.title}</legend>
            {step === 'receive' ? (
              <FormRow
                id={`received-${index}`}
                label={t('receiving.receivedOf', { item: item.title, requested: item.quantity })}
                error={fieldError(form.formState.errors.items?.[index]?.quantity?.message)}
                input={{
                  ...quantity,
                  type: 'number',
                  min: 0,
                  max: item.quantity,
                  step: 1,
                  inputMode: 'numeric',
                }}
              />
            ) : (
              <p>{t('receiving.receivedCount', { received: item.receivedQuantity, requested: item.quantity })}</p>
            )}
            {step === 'complete' ? (
              <p>
                {item.inspectionGrade ? t(`grades.${item.inspectionGrade}`) : '—'}
                {item.receivedQuantity > 0 ? ` · ${item.restock ? t('receiving.restock') : t('receiving.writeOff')}` : ''}
              </p>
            ) : (
              <>
                <FormRow id={`grade-${index}`} label={t('receiving.gradeFor', { item: item.title })} select={grade}>
                  {inspectionGrades.map((g) => (
                    <option key={g} value={g} disabled={(g === 'missing') !== nothing}>
                      {t(`grades.${g}`)}
                    </option>
                  ))}
                </FormRow>
                <FormRow
                  id={`stock-${index}`}
                  label={t('receiving.stockFor', { item: item.title })}
                  select={{ ...form.register(`items.${index}.restock`, { setValueAs: (value: unknown) => value === true || value === 'true' }) }}
                >
                  <option value="true" disabled={unusable(v?.grade)}>
                    {t('receiving.restock')}
                  </option>
                  <option value="false">{t('receiving.writeOff')}</option>
                </FormRow>
              </>
            )}
          </fieldset>
        );
      })}

      <section aria-labelledby="desk-proposal" className="space-y-1 rounded border border-[var(--color-line)] bg-[var(--color-canvas)] p-3" data-testid="desk-proposal">
        <h3 id="desk-proposal" className="font-semibold">
          {t('receiving.proposal.title')}
        </h3>
        <p aria-live="polite" className="text-lg font-semibold" data-testid="desk-proposed-refund">
          {t('receiving.proposal.refund', { amount: money(settlement.proposedRefund) })}
        </p>
        <ul className="space-y-1 text-sm">
          {settlement.deductions.map((d) => (
            <li key={d.index} data-testid="desk-deduction">
              {t('deduction', { percent: d.percent, amount: money(d.amount), item: items[d.index]!.title, reason: items[d.index]!.reasonLabel })}
            </li>
          ))}
          {options.fee > 0 && <li>{t('receiving.proposal.fee', { amount: money(options.fee) })}</li>}
          {settlement.credit > 0 && <li>{t('receiving.proposal.credit', { amount: money(settlement.credit) })}</li>}
          {settlement.exchangeUnits > 0 && <li>{t('receiving.proposal.exchange', { units: settlement.exchangeUnits })}</li>}
        </ul>
      </section>

      {needsNote && (
        <FormRow
          id="desk-note"
          label={t('receiving.noteLabel')}
          hint={t('receiving.noteHint')}
          error={fieldError(form.formState.errors.note?.message)}
          textarea={{ ...form.register('note'), maxLength: 1000 }}
        />
      )}
      <div className="flex flex-wrap gap-3">
        <SubmitButton pending={pending} pendingLabel={t('receiving.confirming')}>
          {t('receiving.confirm')}
        </SubmitButton>
        {step === 'receive' && (
          <button type="button" className={secondaryButton} disabled={!hydrated || pending} onClick={receiveOnly}>
            {t('receiving.submit')}
          </button>
        )}
      </div>
    </form>
  );
}
