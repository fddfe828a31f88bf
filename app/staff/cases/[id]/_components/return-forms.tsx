'use client';

import { zodResolver } from '@hookform/resolvers/zod';
import { AlertDialog, Dialog } from 'radix-ui';
import { useFormatter, useTranslations } from 'next-intl';
import { useRouter } from 'next/navigation';
import { useState, useTransition } from 'react';
import { useForm, useWatch } from 'react-hook-form';
import {
  type InspectReturnInput,
  inspectReturnSchema,
  type RejectReturnInput,
  rejectReturnSchema,
  type ResolveReturnInput,
  resolveReturnSchema,
} from '@/lib/returns/staff/schemas';
import { toMinorUnits } from '@/lib/compensations/schemas';
import { type Carrier, carrierName, carriers } from '@/lib/carriers/catalog';
import { type ShipPendingParcelInput, shipPendingParcelSchema } from '@/lib/shipments/schemas';
import { ActionFeedback } from '../../../_components/action-feedback';
import { primaryButton, secondaryButton } from '../../../_ui/button';
import { ConfirmDialogContent } from '../../../_ui/confirm-dialog';
import type { StaffActionState } from '../../../_components/staff-action';
import { FormRow } from '../../../_ui/form-row';
import {
  approveReturnAction,
  type BookParcelState,
  bookPendingParcelAction,
  completeReturnAction,
  dismissParcelBookingAction,
  inspectReturnAction,
  rebookPendingParcelAction,
  rebookReturnLabelAction,
  refetchReturnLabelAction,
  rejectReturnAction,
  retryReturnLabelAction,
  shipPendingParcelAction,
} from './actions';
import { SubmitButton } from '../../../_components/submit-button';

/** Runs a server action, keeps its result for the feedback line and refreshes the page data on success. */
function useStaffAction() {
  const router = useRouter();
  const [state, setState] = useState<StaffActionState>({ ok: null });
  const [pending, startTransition] = useTransition();
  // Every new attempt starts without the previous answer: an error the person has fixed does not stay next to the new one.
  const clear = () => setState({ ok: null });
  const run = (action: () => Promise<StaffActionState>, onOk?: () => void) =>
    startTransition(async () => {
      clear();
      const result = await action();
      setState(result);
      if (result.ok) {
        onOk?.();
        router.refresh();
      }
    });
  return { state, pending, run, clear };
}

export function ApproveReturnButton({ returnId }: { returnId: string }) {
  const t = useTranslations('staffReturns');
  const { state, pending, run } = useStaffAction();
  return (
    <div className="space-y-2">
      <ActionFeedback state={state} doneNamespace="staffReturns.done" />
      <button type="button" className={primaryButton} disabled={pending} onClick={() => run(() => approveReturnAction({ returnId }))}>
        {pending ? t('approving') : t('approve')}
      </button>
    </div>
  );
}

export function RetryLabelButton({ returnId }: { returnId: string }) {
  const t = useTranslations('staffReturns');
  const { state, pending, run } = useStaffAction();
  return (
    <div className="space-y-2">
      <ActionFeedback state={state} doneNamespace="staffReturns.done" />
      <button type="button" className={primaryButton} disabled={pending} onClick={() => run(() => retryReturnLabelAction({ returnId }))}>
        {t('retryLabel')}
      </button>
    </div>
  );
}

/** A booked return whose carrier label is still missing: ask the carrier for it again (never books again). */
export function RefetchLabelButton({ returnId }: { returnId: string }) {
  const t = useTranslations('staffReturns.label');
  const { state, pending, run } = useStaffAction();
  return (
    <div className="space-y-2">
      <ActionFeedback state={state} doneNamespace="staffReturns.done" />
      <button type="button" className={secondaryButton} disabled={pending} onClick={() => run(() => refetchReturnLabelAction({ returnId }))}>
        {pending ? t('fetching') : t('fetchAgain')}
      </button>
    </div>
  );
}

/** What "book again" books: a return's label, or a parcel awaiting the shop. */
export type RebookSubject = { returnId: string } | { shipmentId: string };

/**
 * A call to the carrier went unanswered, so a parcel may already be booked: staff check the carrier's portal and
 * book again deliberately, after a confirmation that says what a second parcel costs.
 */
export function RebookButton({ subject, reference, carrier }: { subject: RebookSubject; reference: string; carrier: Carrier }) {
  const t = useTranslations('staffReturns');
  const router = useRouter();
  const [confirming, setConfirming] = useState(false);
  const [state, setState] = useState<BookParcelState>({ ok: null });
  const [pending, startTransition] = useTransition();
  const rebook = () =>
    startTransition(async () => {
      setState({ ok: null });
      const result = 'returnId' in subject ? await rebookReturnLabelAction({ returnId: subject.returnId }) : await rebookPendingParcelAction({ shipmentId: subject.shipmentId });
      setState(result);
      if (result.ok) router.refresh();
    });
  return (
    <div className="space-y-2">
      <BookingFeedback state={state} carrier={carrier} />
      <AlertDialog.Root open={confirming} onOpenChange={setConfirming}>
        <AlertDialog.Trigger asChild>
          <button type="button" className={primaryButton} disabled={pending}>
            {pending ? t('booking.bookingAgain') : t('booking.bookAgain')}
          </button>
        </AlertDialog.Trigger>
        <ConfirmDialogContent
          title={t('returnId' in subject ? 'booking.confirmTitle' : 'booking.parcelConfirmTitle')}
          description={t('booking.confirmBody', { carrier: carrierName(carrier), rma: reference })}
          confirmLabel={t('booking.bookAgain')}
          cancelLabel={t('cancel')}
          onConfirm={() => {
            setConfirming(false);
            rebook();
          }}
        />
      </AlertDialog.Root>
    </div>
  );
}

/**
 * "Mark as abandoned" for a parcel's booking with the carrier that is not on the parcel, once staff have checked the
 * carrier's portal (no parcel under the reference) or cancelled the booked parcel there; confirmed, since the carrier
 * may bill a booking nobody cancels.
 */
export function DismissParcelBookingButton({ shipmentId, reference, number, carrier }: { shipmentId: string; reference: string; number: string | null; carrier: Carrier }) {
  const t = useTranslations('staffReturns');
  const [confirming, setConfirming] = useState(false);
  const { state, pending, run } = useStaffAction();
  const values = { carrier: carrierName(carrier), rma: reference, number: number ?? '' };
  return (
    <div className="space-y-2">
      <ActionFeedback state={state} doneNamespace="staffReturns.done" />
      <AlertDialog.Root open={confirming} onOpenChange={setConfirming}>
        <AlertDialog.Trigger asChild>
          <button type="button" className={secondaryButton} disabled={pending}>
            {t('booking.dismiss')}
          </button>
        </AlertDialog.Trigger>
        <ConfirmDialogContent
          title={t('booking.dismissTitle')}
          description={t(number ? 'booking.dismissBodyBooked' : 'booking.dismissBody', values)}
          confirmLabel={t('booking.dismiss')}
          cancelLabel={t('cancel')}
          onConfirm={() => {
            setConfirming(false);
            run(() => dismissParcelBookingAction({ shipmentId }));
          }}
        />
      </AlertDialog.Root>
    </div>
  );
}

export function RejectReturnDialog({ returnId, rma }: { returnId: string; rma: string }) {
  const t = useTranslations('staffReturns');
  const [open, setOpen] = useState(false);
  const { state, pending, run, clear } = useStaffAction();
  const form = useForm<RejectReturnInput>({ resolver: zodResolver(rejectReturnSchema), defaultValues: { returnId, internalReason: '', customerMessage: '' } });
  const err = (key?: string) => (key ? t(`errors.${key}` as 'errors.reasonRequired') : undefined);
  return (
    <>
      {!open && <ActionFeedback state={state} doneNamespace="staffReturns.done" />}
      <Dialog.Root open={open} onOpenChange={setOpen}>
        <Dialog.Trigger asChild>
          <button type="button" className={secondaryButton}>
            {t('reject')}
          </button>
        </Dialog.Trigger>
        <Dialog.Portal>
          <Dialog.Overlay className="fixed inset-0 bg-black/40" />
          <Dialog.Content className="fixed left-1/2 top-1/2 w-[min(36rem,calc(100vw-2rem))] -translate-x-1/2 -translate-y-1/2 rounded-lg bg-white p-5 shadow-lg">
            <Dialog.Title className="text-lg font-semibold">{t('rejectTitle', { rma })}</Dialog.Title>
            <Dialog.Description className="mt-1 text-[var(--color-muted)]">{t('rejectIntro')}</Dialog.Description>
            <form
              noValidate
              className="mt-4 space-y-4"
              onSubmit={form.handleSubmit((values) => run(() => rejectReturnAction(values), () => setOpen(false)), clear)}
            >
              <ActionFeedback state={state} doneNamespace="staffReturns.done" />
              <FormRow id="internalReason" label={t('internalReason')} error={err(form.formState.errors.internalReason?.message)} textarea={{ ...form.register('internalReason'), maxLength: 1000 }} />
              <FormRow id="customerMessage" label={t('customerMessage')} error={err(form.formState.errors.customerMessage?.message)} textarea={{ ...form.register('customerMessage'), maxLength: 2000 }} />
              <div className="flex flex-wrap gap-2">
                <SubmitButton className={primaryButton} pending={pending}>
                  {t('confirmReject')}
                </SubmitButton>
                <Dialog.Close asChild>
                  <button type="button" className={secondaryButton}>
                    {t('cancel')}
                  </button>
                </Dialog.Close>
              </div>
            </form>
          </Dialog.Content>
        </Dialog.Portal>
      </Dialog.Root>
    </>
  );
}

export type InspectItem = { id: string; title: string; receivedQuantity: number };

export function InspectForm({ returnId, items }: { returnId: string; items: InspectItem[] }) {
  const t = useTranslations('staffReturns');
  const { state, pending, run } = useStaffAction();
  const form = useForm<InspectReturnInput>({
    resolver: zodResolver(inspectReturnSchema),
    defaultValues: { returnId, items: items.map((i) => ({ returnItemId: i.id, grade: i.receivedQuantity === 0 ? 'missing' : 'as_new', restock: i.receivedQuantity > 0 })) },
  });
  const values = useWatch({ control: form.control, name: 'items' });
  return (
    <form noValidate className="space-y-4" onSubmit={form.handleSubmit((v) => run(() => inspectReturnAction(v)))}>
      <h3 className="font-semibold">{t('inspectTitle')}</h3>
      <ActionFeedback state={state} doneNamespace="staffReturns.done" />
      {items.map((item, index) => {
        const grade = values[index]?.grade;
        const noRestock = grade === 'damaged' || grade === 'missing';
        return (
          <fieldset key={item.id} className="space-y-2 rounded border border-[var(--color-line)] p-3">
            <legend className="px-1 font-medium">{item.title}</legend>
            <FormRow
              id={`grade-${index}`}
              label={t('gradeFor', { item: item.title })}
              select={{
                ...form.register(`items.${index}.grade`, {
                  onChange: (event: { target: { value: string } }) => {
                    if (event.target.value === 'damaged' || event.target.value === 'missing') form.setValue(`items.${index}.restock`, false);
                  },
                }),
              }}
            >
              {(['as_new', 'opened', 'damaged', 'missing'] as const).map((g) => (
                <option key={g} value={g} disabled={(g === 'missing') !== (item.receivedQuantity === 0)}>
                  {t(`grades.${g}`)}
                </option>
              ))}
            </FormRow>
            <div className="flex min-h-11 items-center gap-2">
              <input id={`restock-${index}`} type="checkbox" className="size-5" disabled={noRestock} {...form.register(`items.${index}.restock`)} />
              <label htmlFor={`restock-${index}`}>{t('restockFor', { item: item.title })}</label>
            </div>
          </fieldset>
        );
      })}
      <p className="text-sm text-[var(--color-muted)]">{t('damagedWrittenOff')}</p>
      <SubmitButton className={primaryButton} pending={pending}>
        {t('inspectSubmit')}
      </SubmitButton>
    </form>
  );
}

export function CompleteForm({
  returnId,
  refundDue,
  refundDueMinor,
  deductions = [],
  hasRefundItems,
  creditDue,
  exchangeUnits,
  fee,
  currency,
}: {
  returnId: string;
  refundDue: string;
  refundDueMinor: number;
  /** Localized lines saying why the proposal is below the full value (policy deductions). */
  deductions?: string[];
  hasRefundItems: boolean;
  creditDue: string | null;
  exchangeUnits: number;
  fee: string | null;
  currency: string;
}) {
  const t = useTranslations('staffReturns');
  const { state, pending, run, clear } = useStaffAction();
  const [confirming, setConfirming] = useState<ResolveReturnInput | null>(null);
  const form = useForm<ResolveReturnInput>({ resolver: zodResolver(resolveReturnSchema), defaultValues: { returnId, refundAmount: '', note: '' } });
  const err = (key?: string) => (key ? t(`errors.${key}` as 'errors.amountFormat') : undefined);
  const amountOf = (v: ResolveReturnInput) => (v.refundAmount?.trim() ? toMinorUnits(v.refundAmount) : refundDueMinor);
  const format = useFormatter();
  const euros = (minor: number) => format.number(minor / 100, { style: 'currency', currency });
  const submit = form.handleSubmit(
    (v) => {
      clear();
      const amount = amountOf(v);
      // Less than is due, or nothing for items sent back for a refund: a reason, then a confirmation.
      const short = amount < refundDueMinor || (amount === 0 && hasRefundItems);
      if (short && amount <= refundDueMinor) {
        if (!v.note?.trim()) {
          form.setError('note', { type: 'shortRefund', message: 'shortRefundReason' }, { shouldFocus: true });
          return;
        }
        setConfirming(v);
        return;
      }
      run(() => completeReturnAction(v));
    },
    () => clear(),
  );
  return (
    <form noValidate className="space-y-4" onSubmit={submit}>
      <h3 className="font-semibold">{t('completeTitle')}</h3>
      <ActionFeedback state={state} doneNamespace="staffReturns.done" />
      <ul className="space-y-1">
        <li>{t('refundDue', { amount: refundDue })}</li>
        {deductions.map((line) => (
          <li key={line} data-testid="refund-deduction">
            {line}
          </li>
        ))}
        {fee && <li>{t('feeNote', { amount: fee })}</li>}
        {creditDue && <li>{t('creditDue', { amount: creditDue })}</li>}
        {exchangeUnits > 0 && <li>{t('exchangeDue', { units: exchangeUnits })}</li>}
      </ul>
      <FormRow
        id="refundAmount"
        label={t('refundAmount')}
        hint={t('refundAmountHint')}
        error={err(form.formState.errors.refundAmount?.message)}
        input={{ ...form.register('refundAmount'), inputMode: 'decimal', autoComplete: 'off', maxLength: 12 }}
      />
      <FormRow id="note" label={t('note')} hint={t('shortRefund.noteHint')} error={err(form.formState.errors.note?.message)} textarea={{ ...form.register('note'), maxLength: 1000 }} />
      <SubmitButton className={primaryButton} pending={pending}>
        {t('completeSubmit')}
      </SubmitButton>
      <AlertDialog.Root open={confirming !== null} onOpenChange={(open) => !open && setConfirming(null)}>
        {confirming && (
          <ConfirmDialogContent
            title={t('shortRefund.title')}
            description={t('shortRefund.description', { amount: euros(amountOf(confirming)), due: refundDue, reason: confirming.note ?? '' })}
            confirmLabel={t('shortRefund.confirm', { amount: euros(amountOf(confirming)) })}
            cancelLabel={t('cancel')}
            onConfirm={() => {
              const values = confirming;
              setConfirming(null);
              run(() => completeReturnAction(values));
            }}
          />
        )}
      </AlertDialog.Root>
    </form>
  );
}

/**
 * The carrier and tracking number of an exchange parcel the shop sent without reporting it (API or platform):
 * checked against the carrier's format here and again on the server; saving emails the customer the link.
 */
export function ShipPendingParcelForm({ shipmentId, carrier }: { shipmentId: string; carrier: Carrier }) {
  const t = useTranslations('staffReturns');
  const { state, pending, run, clear } = useStaffAction();
  const form = useForm<ShipPendingParcelInput>({ resolver: zodResolver(shipPendingParcelSchema), defaultValues: { shipmentId, carrier, trackingNumber: '' } });
  const err = (key?: string) => (key ? t(`errors.${key}` as 'errors.trackingNumberInvalid') : undefined);
  // The server checks again; its field error (a number another tab made stale) shows at the field too.
  const serverError = (field: string) => (state.ok === false ? state.fieldErrors?.[field]?.[0] : undefined);
  return (
    <form noValidate className="space-y-3" data-testid="ship-pending-parcel" onSubmit={form.handleSubmit((v) => run(() => shipPendingParcelAction(v)), clear)}>
      <h4 className="font-semibold">{t('exchangeParcel.formTitle')}</h4>
      <ActionFeedback state={state} doneNamespace="staffReturns.done" />
      <FormRow id="pending-parcel-carrier" label={t('exchangeParcel.carrier')} error={err(form.formState.errors.carrier?.message ?? serverError('carrier'))} select={{ ...form.register('carrier') }}>
        {carriers.map((c) => (
          <option key={c} value={c}>
            {carrierName(c)}
          </option>
        ))}
      </FormRow>
      <FormRow
        id="pending-parcel-tracking"
        label={t('exchangeParcel.trackingNumber')}
        error={err(form.formState.errors.trackingNumber?.message ?? serverError('trackingNumber'))}
        input={{ ...form.register('trackingNumber'), autoComplete: 'off', spellCheck: false, maxLength: 200 }}
      />
      <SubmitButton className={primaryButton} pending={pending}>
        {t('exchangeParcel.submit')}
      </SubmitButton>
    </form>
  );
}

/**
 * "Book with <carrier>" for a parcel awaiting the shop: the carrier books it and the customer is emailed its
 * tracking. A carrier's refusal shows the carrier's own words inside a sentence in the staff member's language.
 */
export function BookPendingParcelButton({ shipmentId, carrier }: { shipmentId: string; carrier: Carrier }) {
  const t = useTranslations('staffReturns.outbound');
  const router = useRouter();
  const [state, setState] = useState<BookParcelState>({ ok: null });
  const [pending, startTransition] = useTransition();
  const book = () =>
    startTransition(async () => {
      setState({ ok: null });
      const result = await bookPendingParcelAction({ shipmentId });
      setState(result);
      if (result.ok) router.refresh();
    });
  return (
    <div className="space-y-2" data-testid="book-pending-parcel">
      <BookingFeedback state={state} carrier={carrier} />
      <button type="button" className={primaryButton} disabled={pending} onClick={book}>
        {pending ? t('booking', { carrier: carrierName(carrier) }) : t('book', { carrier: carrierName(carrier) })}
      </button>
    </div>
  );
}

/** A booking's result: a carrier's refusal in its own words inside a localized sentence, anything else as usual. */
function BookingFeedback({ state, carrier }: { state: BookParcelState; carrier: Carrier }) {
  const t = useTranslations('staffReturns.outbound');
  if (state.ok === false && 'carrierMessage' in state) {
    return (
      <div aria-live="polite">
        <p role="alert" className="rounded-lg border border-[var(--color-danger)] bg-[var(--color-danger-bg)] p-3 text-[var(--color-danger)]">
          {t('refused', { carrier: carrierName(carrier), message: state.carrierMessage })}
        </p>
      </div>
    );
  }
  return <ActionFeedback state={state} doneNamespace="staffReturns.done" />;
}
