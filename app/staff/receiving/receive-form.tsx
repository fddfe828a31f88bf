'use client';

import { zodResolver } from '@hookform/resolvers/zod';
import { useTranslations } from 'next-intl';
import { useRouter } from 'next/navigation';
import { useState, useTransition } from 'react';
import { useForm } from 'react-hook-form';
import { type ReceiveReturnInput, receiveReturnSchema } from '@/lib/returns/staff/schemas';
import { ActionFeedback } from '../_components/action-feedback';
import type { StaffActionState } from '../_components/staff-action';
import { StaffField } from '../_components/staff-field';
import { receiveReturnAction } from './actions';
import { SubmitButton } from '../_components/submit-button';

export function ReceiveForm({ returnId, rma, items }: { returnId: string; rma: string; items: Array<{ id: string; title: string; quantity: number }> }) {
  const t = useTranslations('staffReturns');
  const router = useRouter();
  const [state, setState] = useState<StaffActionState>({ ok: null });
  const [pending, startTransition] = useTransition();
  const form = useForm<ReceiveReturnInput>({
    resolver: zodResolver(receiveReturnSchema),
    defaultValues: { returnId, items: items.map((i) => ({ returnItemId: i.id, quantity: i.quantity })) },
  });
  const errors = form.formState.errors.items;
  return (
    <form
      noValidate
      className="space-y-4"
      onSubmit={form.handleSubmit((values) =>
        startTransition(async () => {
          const result = await receiveReturnAction({ ...values, rma });
          setState(result);
          // Ready for the next parcel: the page comes back with an empty, focused scan field.
          if (result.ok) router.push(`/staff/receiving?received=${encodeURIComponent(rma)}`);
        }),
      )}
    >
      <ActionFeedback state={state} doneNamespace="staffReturns.done" />
      {items.map((item, index) => (
        <StaffField
          key={item.id}
          id={`received-${index}`}
          label={t('receiving.receivedOf', { item: item.title, requested: item.quantity })}
          error={errors?.[index]?.quantity?.message ? t(`errors.${errors[index].quantity.message}` as 'errors.quantityInvalid') : undefined}
          input={{ ...form.register(`items.${index}.quantity`), type: 'number', min: 0, max: item.quantity, step: 1, inputMode: 'numeric' }}
        />
      ))}
      <SubmitButton pending={pending} className="min-h-11 rounded bg-[var(--accent)] px-4 font-semibold text-white disabled:opacity-70">
        {t('receiving.submit')}
      </SubmitButton>
    </form>
  );
}
