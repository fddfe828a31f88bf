'use client';

import { zodResolver } from '@hookform/resolvers/zod';
import { useTranslations } from 'next-intl';
import { useForm } from 'react-hook-form';
import { type AgentRoutingInput, agentRoutingSchema } from '@/lib/automation/schemas';
import { localeNames, locales } from '@/lib/core/locales';
import { SubmitButton } from '../../_components/submit-button';
import { useStaffAction } from '../../_components/use-staff-action';
import { errorAt } from '../_components/field-error';
import { AdminFeedback, serverFieldError, useFieldError } from '../_admin/admin-feedback';
import { secondaryButton } from '../../_ui/button';
import { DataTable } from '../../_ui/data-table';
import { setAgentRoutingAction } from '../automation/actions';
import { optionalNumber } from '../_components/optional-number';

export type RoutingRow = { id: string; name: string; languages: string[]; capacity: number | null; openAssigned: number };

/** One staff member's languages and capacity for automatic assignment, saved on its own. */
function RoutingForm({ row }: { row: RoutingRow }) {
  const t = useTranslations('automation.routing');
  const fieldError = useFieldError('automation');
  const { state, pending, run } = useStaffAction();
  const form = useForm<AgentRoutingInput>({ resolver: zodResolver(agentRoutingSchema), defaultValues: { staffId: row.id, languages: row.languages as AgentRoutingInput['languages'], capacity: row.capacity } });
  const capacityError = fieldError(errorAt(form.formState.errors, 'capacity') ?? serverFieldError(state, 'capacity'));
  const submit = form.handleSubmit((data) => run(() => setAgentRoutingAction(data)));
  const id = `routing-${row.id}`;
  return (
    <tr className="border-b border-[var(--color-line)] align-top" data-testid="routing-row" data-name={row.name}>
      <th scope="row" className="p-2 font-normal">
        {row.name}
      </th>
      <td className="p-2">
        <form id={id} noValidate onSubmit={submit} />
        <fieldset>
          <legend className="sr-only">{t('languagesOf', { name: row.name })}</legend>
          <div className="flex flex-wrap gap-x-3">
            {locales.map((l) => (
              <label key={l} className="flex min-h-11 items-center gap-1">
                <input type="checkbox" form={id} value={l} {...form.register('languages')} /> {localeNames[l]}
              </label>
            ))}
          </div>
        </fieldset>
      </td>
      <td className="p-2">
        <input
          type="number"
          form={id}
          min={0}
          max={1000}
          step={1}
          inputMode="numeric"
          aria-label={t('capacityOf', { name: row.name })}
          aria-invalid={capacityError ? true : undefined}
          aria-describedby={capacityError ? `${id}-capacity-error` : undefined}
          className="min-h-11 w-24 rounded border border-[var(--color-muted)] bg-white px-2 aria-[invalid=true]:border-[var(--color-danger)]"
          {...form.register('capacity', { setValueAs: optionalNumber })}
        />
        {capacityError && (
          <p id={`${id}-capacity-error`} className="text-sm text-[var(--color-danger)]">
            {capacityError}
          </p>
        )}
      </td>
      <td className="p-2">{row.openAssigned}</td>
      <td className="p-2">
        <SubmitButton form={id} pending={pending} className={secondaryButton} aria-label={t('saveFor', { name: row.name })}>
          {t('save')}
        </SubmitButton>
        <AdminFeedback state={state} namespace="automation" />
      </td>
    </tr>
  );
}

/** Settings → Staff: languages and capacity per staff member (language-aware automation rules). */
export function RoutingTable({ rows }: { rows: RoutingRow[] }) {
  const t = useTranslations('automation.routing');
  return (
    <section aria-labelledby="routing-heading" className="space-y-2">
      <h2 id="routing-heading" className="text-lg font-semibold">
        {t('heading')}
      </h2>
      <p>{t('intro')}</p>
      <DataTable caption={t('caption')} columns={(['name', 'languages', 'capacity', 'openNow', 'save'] as const).map((k) => t(k))}>
        {rows.map((row) => (
          <RoutingForm key={row.id} row={row} />
        ))}
      </DataTable>
    </section>
  );
}
