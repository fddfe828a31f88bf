'use client';

import { zodResolver } from '@hookform/resolvers/zod';
import { useTranslations } from 'next-intl';
import { useRouter } from 'next/navigation';
import { useState, useTransition } from 'react';
import { Controller, useForm, useWatch } from 'react-hook-form';
import type { ReportId } from '@/lib/reports/definitions';
import type { ReportScheduleRow } from '@/lib/reports/list-report-schedules';
import { type ReportScheduleForm, reportScheduleFormSchema, type ReportScheduleFormInput, SCHEDULE_FREQUENCIES, SCHEDULE_LOCALES, SCHEDULE_RANGES } from '@/lib/reports/report-schedules';
import type { StaffActionState } from '../../_components/staff-action';
import { FormRow } from '../../_ui/form-row';
import { SubmitButton } from '../../_components/submit-button';
import { AdminFeedback, serverFieldError, useFieldError } from '../_admin/admin-feedback';
import { primaryButton, secondaryButton } from '../../_ui/button';
import { Cell, DataTable, Row, RowActions, RowHeader } from '../../_ui/data-table';
import { EmptyState } from '../../_ui/empty-state';
import { ConfirmButton } from '../../_ui/confirm-dialog';
import { deleteReportScheduleAction, saveReportScheduleAction } from './actions';

type Schedule = ReportScheduleRow & { lastSendText: string | null };
type ReportOption = { id: ReportId; title: string; tables: { id: string; title: string }[] };
type Locale3 = (typeof SCHEDULE_LOCALES)[number];

const WEEKDAYS = [1, 2, 3, 4, 5, 6, 7] as const;
/** The period a frequency usually covers: picked for the admin when they change the frequency. */
const RANGE_OF = { daily: 'yesterday', weekly: 'lastWeek', monthly: 'lastMonth' } as const;

function formValues(schedule: Schedule | null, locale: Locale3): ReportScheduleForm {
  if (!schedule) return { report: 'returns', table: '', frequency: 'weekly', weekday: 1, range: 'lastWeek', recipients: [], locale };
  const { report, table, frequency, weekday, range, recipients, locale: language } = schedule;
  return { report, table, frequency, weekday, range, recipients, locale: language };
}

/** The schedules (what, when, to whom, last send) with edit and delete, and the add/edit form below. */
export function ReportSchedules({
  schedules,
  staff,
  reports,
  defaultLocale,
}: {
  schedules: Schedule[];
  staff: { id: string; name: string; email: string }[];
  reports: ReportOption[];
  defaultLocale: Locale3;
}) {
  const t = useTranslations('staffAdmin.reportSchedules');
  const ta = useTranslations('staffAdmin');
  const fieldError = useFieldError();
  const router = useRouter();
  const [state, setState] = useState<StaffActionState>({ ok: null });
  const [editing, setEditing] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  const form = useForm<ReportScheduleFormInput, unknown, ReportScheduleForm>({ resolver: zodResolver(reportScheduleFormSchema), defaultValues: formValues(null, defaultLocale) });
  const errors = form.formState.errors;
  const err = (path: keyof ReportScheduleForm, client?: string) => fieldError(client ?? serverFieldError(state, path));
  const report = useWatch({ control: form.control, name: 'report' });
  const frequency = useWatch({ control: form.control, name: 'frequency' });
  const reportTitle = (id: string) => reports.find((r) => r.id === id)?.title ?? id;
  const tableTitle = (s: Pick<Schedule, 'report' | 'table'>) => (s.table ? reports.find((r) => r.id === s.report)?.tables.find((tb) => tb.id === s.table)?.title : t('allTables'));
  const when = (s: Schedule) => (s.frequency === 'weekly' ? t('weeklyOn', { day: t(`weekdays.${s.weekday}` as never) }) : t(`frequencies.${s.frequency}`));

  const startEdit = (schedule: Schedule) => {
    setEditing(schedule.id);
    setState({ ok: null });
    form.reset(formValues(schedule, defaultLocale));
    // Keyboard users land in the form they asked for.
    setTimeout(() => form.setFocus('report'), 0);
  };
  const stopEdit = () => {
    setEditing(null);
    form.reset(formValues(null, defaultLocale));
  };
  const submit = form.handleSubmit((data) =>
    startTransition(async () => {
      const result = await saveReportScheduleAction(data, editing);
      setState(result);
      if (result.ok) {
        stopEdit();
        router.refresh();
      }
    }),
  );
  const remove = (schedule: Schedule) =>
    startTransition(async () => {
      const result = await deleteReportScheduleAction({ scheduleId: schedule.id });
      setState(result);
      if (result.ok) {
        if (editing === schedule.id) stopEdit();
        router.refresh();
      }
    });

  const recipientsError = err('recipients', errors.recipients?.message ?? (Array.isArray(errors.recipients) ? errors.recipients.find(Boolean)?.message : undefined));
  const selectedReport = reports.find((r) => r.id === report);
  return (
    <>
      <section aria-labelledby="schedules-list" className="space-y-2">
        <h2 id="schedules-list" className="text-lg font-semibold">
          {t('listHeading')}
        </h2>
        {schedules.length === 0 ? (
          <EmptyState testId="schedules-empty">{t('empty')}</EmptyState>
        ) : (
          <DataTable
            caption={t('listHeading')}
            columns={[t('columns.report'), t('columns.when'), t('columns.covers'), t('columns.recipients'), t('columns.language'), t('columns.lastSent'), t('columns.actions')]}
            testId="report-schedules"
          >
            {schedules.map((s) => {
              const name = `${reportTitle(s.report)} (${when(s)})`;
              return (
                <Row key={s.id} data-testid="report-schedule">
                  <RowHeader>
                    {reportTitle(s.report)}
                    <br />
                    <span className="text-[var(--color-muted)]">{tableTitle(s)}</span>
                  </RowHeader>
                  <Cell>{when(s)}</Cell>
                  <Cell>{t(`ranges.${s.range}`)}</Cell>
                  <Cell>{s.recipientNames.join(', ')}</Cell>
                  <Cell>{t(`languages.${s.locale}`)}</Cell>
                  <Cell data-testid="schedule-last-sent">{s.lastSend && s.lastSendText ? t('lastSentTo', { when: s.lastSendText, to: s.lastSend.to }) : t('notSent')}</Cell>
                  <RowActions>
                    <button type="button" className={secondaryButton} onClick={() => startEdit(s)} aria-label={t('editLabel', { name })}>
                      {t('edit')}
                    </button>
                    <ConfirmButton
                      label={t('delete')}
                      accessibleLabel={t('deleteLabel', { name })}
                      title={t('deleteTitle')}
                      intro={t('deleteIntro', { name })}
                      confirmLabel={t('delete')}
                      onConfirm={() => remove(s)}
                      disabled={pending}
                    />
                  </RowActions>
                </Row>
              );
            })}
          </DataTable>
        )}
      </section>
      <AdminFeedback state={state} />
      <form noValidate onSubmit={submit} className="space-y-4 rounded-lg border border-[var(--color-line)] bg-white p-4" aria-labelledby="schedule-form-heading">
        <h2 id="schedule-form-heading" className="text-lg font-semibold">
          {editing ? t('editHeading') : t('addHeading')}
        </h2>
        <div className="grid gap-4 sm:grid-cols-2">
          <FormRow id="schedule-report" label={t('fields.report')} error={err('report', errors.report?.message)} select={form.register('report', { onChange: () => form.setValue('table', '') })}>
            {reports.map((r) => (
              <option key={r.id} value={r.id}>
                {r.title}
              </option>
            ))}
          </FormRow>
          <FormRow id="schedule-table" label={t('fields.table')} error={err('table', errors.table?.message)} select={form.register('table')}>
            <option value="">{t('allTables')}</option>
            {selectedReport?.tables.map((table) => (
              <option key={table.id} value={table.id}>
                {table.title}
              </option>
            ))}
          </FormRow>
          <FormRow
            id="schedule-frequency"
            label={t('fields.frequency')}
            error={err('frequency', errors.frequency?.message)}
            select={form.register('frequency', { onChange: (e) => form.setValue('range', RANGE_OF[e.target.value as keyof typeof RANGE_OF] ?? 'yesterday') })}
          >
            {SCHEDULE_FREQUENCIES.map((f) => (
              <option key={f} value={f}>
                {t(`frequencies.${f}`)}
              </option>
            ))}
          </FormRow>
          {frequency === 'weekly' && (
            <FormRow id="schedule-weekday" label={t('fields.weekday')} error={err('weekday', errors.weekday?.message)} select={form.register('weekday', { valueAsNumber: true })}>
              {WEEKDAYS.map((d) => (
                <option key={d} value={d}>
                  {t(`weekdays.${d}`)}
                </option>
              ))}
            </FormRow>
          )}
          <FormRow id="schedule-range" label={t('fields.range')} error={err('range', errors.range?.message)} select={form.register('range')}>
            {SCHEDULE_RANGES.map((r) => (
              <option key={r} value={r}>
                {t(`ranges.${r}`)}
              </option>
            ))}
          </FormRow>
          <FormRow id="schedule-locale" label={t('fields.language')} error={err('locale', errors.locale?.message)} select={form.register('locale')}>
            {SCHEDULE_LOCALES.map((l) => (
              <option key={l} value={l}>
                {t(`languages.${l}`)}
              </option>
            ))}
          </FormRow>
        </div>
        <Controller
          control={form.control}
          name="recipients"
          render={({ field }) => {
            const chosen = new Set(field.value ?? []);
            return (
              <fieldset className="space-y-1" aria-describedby={['schedule-recipients-hint', recipientsError ? 'schedule-recipients-error' : ''].filter(Boolean).join(' ')}>
                <legend className="font-medium">{t('fields.recipients')}</legend>
                <p id="schedule-recipients-hint" className="text-sm text-[var(--color-muted)]">
                  {t('recipientsHint')}
                </p>
                <ul className="grid gap-1 sm:grid-cols-2">
                  {staff.map((person, i) => (
                    <li key={person.id}>
                      <label className="flex min-h-11 items-center gap-2">
                        <input
                          type="checkbox"
                          className="h-5 w-5"
                          ref={i === 0 ? field.ref : undefined}
                          checked={chosen.has(person.id)}
                          onBlur={field.onBlur}
                          onChange={(e) => field.onChange(e.target.checked ? [...chosen, person.id] : [...chosen].filter((id) => id !== person.id))}
                        />
                        <span>
                          {person.name} <span className="text-[var(--color-muted)]">({person.email})</span>
                        </span>
                      </label>
                    </li>
                  ))}
                </ul>
                {recipientsError && (
                  <p id="schedule-recipients-error" className="text-sm text-[var(--color-danger)]">
                    {recipientsError}
                  </p>
                )}
              </fieldset>
            );
          }}
        />
        <div className="flex flex-wrap gap-2">
          <SubmitButton className={primaryButton} pending={pending}>
            {pending ? ta('saving') : editing ? t('submitSave') : t('submitAdd')}
          </SubmitButton>
          {editing && (
            <button type="button" className={secondaryButton} onClick={stopEdit}>
              {t('cancelEdit')}
            </button>
          )}
        </div>
      </form>
    </>
  );
}
