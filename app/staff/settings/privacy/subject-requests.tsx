'use client';

import { zodResolver } from '@hookform/resolvers/zod';
import { AlertDialog } from 'radix-ui';
import { useTranslations } from 'next-intl';
import { useState, useTransition } from 'react';
import { useForm } from 'react-hook-form';
import type { EraseResult } from '@/lib/privacy/erase-customer';
import type { CustomerExport, ExportRow, ExportSection } from '@/lib/privacy/export-customer';
import { type EraseCustomerInput, eraseCustomerSchema, type ExportCustomerInput, exportCustomerSchema } from '@/lib/privacy/schemas';
import { FormRow } from '../../_ui/form-row';
import { eraseCustomerAction, exportCustomerAction } from './actions';
import { SubmitButton } from '../../_components/submit-button';
import { Card } from '../../_ui/card';
import { primaryButton, secondaryButton } from '../../_ui/button';

const danger = 'min-h-11 rounded bg-[var(--color-danger)] px-4 font-semibold text-white disabled:opacity-70';
const panel = 'fixed left-1/2 top-1/2 w-[min(34rem,calc(100vw-2rem))] -translate-x-1/2 -translate-y-1/2 rounded-lg bg-white p-5 shadow-lg';

function useErrorText() {
  const t = useTranslations('staffPrivacy');
  const te = useTranslations('staff.errors');
  return {
    field: (message?: string) => (message ? (t.has(`errors.${message}` as never) ? t(`errors.${message}` as never) : te('invalid_input')) : undefined),
    code: (code: string) => (te.has(code as never) ? te(code as never) : te('generic')),
  };
}

function Alert({ children }: { children: string }) {
  return (
    <p role="alert" className="rounded-lg border border-[var(--color-danger)] bg-[var(--color-danger-bg)] p-3 text-[var(--color-danger)]">
      {children}
    </p>
  );
}

/** Step 1 finds and shows the data (export); the erasure asks for the address again (step 2). */
export function SubjectRequests() {
  const t = useTranslations('staffPrivacy');
  const errors = useErrorText();
  const [found, setFound] = useState<CustomerExport | null>(null);
  const [erased, setErased] = useState<EraseResult | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  const form = useForm<ExportCustomerInput>({ resolver: zodResolver(exportCustomerSchema), defaultValues: { email: '' } });
  const onFind = form.handleSubmit((values) =>
    startTransition(async () => {
      setErased(null);
      setFailure(null);
      const result = await exportCustomerAction(values);
      if (result.ok) setFound(result.data);
      else {
        setFound(null);
        if (result.fieldErrors?.email) form.setError('email', { message: result.fieldErrors.email[0] });
        else setFailure(errors.code(result.code));
      }
    }),
  );
  const total = found ? Object.values(found.sections).reduce((sum, rows) => sum + rows.length, 0) : 0;
  return (
    <Card title={t('subject.heading')}>
      <p>{t('subject.intro')}</p>
      <form noValidate onSubmit={onFind} className="flex flex-wrap items-end gap-2">
        <div className="min-w-64 flex-1">
          <FormRow id="subject-email" label={t('subject.email')} error={errors.field(form.formState.errors.email?.message)} input={{ type: 'email', autoComplete: 'off', ...form.register('email') }} />
        </div>
        <SubmitButton className={primaryButton} pending={pending}>
          {pending ? t('subject.finding') : t('subject.find')}
        </SubmitButton>
      </form>
      <div aria-live="polite" className="space-y-4">
        {failure && <Alert>{failure}</Alert>}
        {erased && (
          <p role="status" className="rounded-lg border border-[var(--color-line)] bg-[var(--color-canvas)] p-3">
            {t('erase.done', { orders: erased.orders, cases: erased.cases })}
          </p>
        )}
        {found && total === 0 && <p role="status">{t('subject.none')}</p>}
        {found && total > 0 && (
          <>
            <p role="status">{t('subject.found', { rows: total, email: found.email })}</p>
            <ExportView data={found} />
            <EraseDialog
              email={found.email}
              onErased={(result) => {
                setFound(null);
                setErased(result);
              }}
            />
          </>
        )}
      </div>
    </Card>
  );
}

function download(data: CustomerExport) {
  const blob = new Blob([JSON.stringify(data, null, 2)], { type: 'application/json' });
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = `customer-data-${data.generatedAt.slice(0, 10)}.json`;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

function value(v: unknown): string {
  if (v === null || v === undefined) return '—';
  return typeof v === 'object' ? JSON.stringify(v) : String(v);
}

/** The readable view: one collapsible list per data type, every field of every record. */
function ExportView({ data }: { data: CustomerExport }) {
  const t = useTranslations('staffPrivacy.subject');
  const sections = (Object.entries(data.sections) as [ExportSection, ExportRow[]][]).filter(([, rows]) => rows.length > 0);
  return (
    <div className="space-y-2">
      <button type="button" className={secondaryButton} onClick={() => download(data)}>
        {t('download')}
      </button>
      <h3 className="text-lg font-semibold">{t('readable')}</h3>
      {sections.map(([section, rows]) => (
        <details key={section} className="rounded border border-[var(--color-line)] p-2" data-testid={`export-${section}`}>
          <summary className="cursor-pointer font-medium">
            {t(`sections.${section}`)} · {t('rowCount', { count: rows.length })}
          </summary>
          <ol className="mt-2 space-y-2">
            {rows.map((row, i) => (
              <li key={i} className="rounded bg-[var(--color-canvas)] p-2">
                <dl className="grid grid-cols-[minmax(8rem,max-content)_1fr] gap-x-3 text-sm">
                  {Object.entries(row).map(([k, v]) => (
                    <div key={k} className="contents">
                      <dt className="font-mono text-[var(--color-muted)]">{k}</dt>
                      <dd className="break-words">{value(v)}</dd>
                    </div>
                  ))}
                </dl>
              </li>
            ))}
          </ol>
        </details>
      ))}
    </div>
  );
}

function EraseDialog({ email, onErased }: { email: string; onErased: (result: EraseResult) => void }) {
  const t = useTranslations('staffPrivacy.erase');
  const errors = useErrorText();
  const [open, setOpen] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  const form = useForm<EraseCustomerInput>({ resolver: zodResolver(eraseCustomerSchema), defaultValues: { email, confirmEmail: '' } });
  const onConfirm = form.handleSubmit((values) =>
    startTransition(async () => {
      setFailure(null);
      const result = await eraseCustomerAction(values);
      if (result.ok) {
        setOpen(false);
        onErased(result.data);
      } else if (result.fieldErrors?.confirmEmail) form.setError('confirmEmail', { message: result.fieldErrors.confirmEmail[0] });
      else setFailure(errors.code(result.code));
    }),
  );
  return (
    <div className="space-y-2 rounded-lg border border-[var(--color-danger)] p-3">
      <h3 className="text-lg font-semibold">{t('heading')}</h3>
      <p>{t('intro')}</p>
      <AlertDialog.Root open={open} onOpenChange={setOpen}>
        <AlertDialog.Trigger asChild>
          <button type="button" className={danger}>
            {t('start')}
          </button>
        </AlertDialog.Trigger>
        <AlertDialog.Portal>
          <AlertDialog.Overlay className="fixed inset-0 bg-black/40" />
          <AlertDialog.Content className={panel}>
            <AlertDialog.Title className="text-lg font-semibold">{t('confirmTitle', { email })}</AlertDialog.Title>
            <AlertDialog.Description className="mt-1">{t('confirmIntro')}</AlertDialog.Description>
            <form noValidate onSubmit={onConfirm} className="mt-4 space-y-4">
              {failure && <Alert>{failure}</Alert>}
              <FormRow
                id="erase-confirm-email"
                label={t('confirmEmail')}
                error={errors.field(form.formState.errors.confirmEmail?.message)}
                input={{ type: 'email', autoComplete: 'off', ...form.register('confirmEmail') }}
              />
              <div className="flex flex-wrap gap-2">
                <SubmitButton className={danger} pending={pending}>
                  {t('confirm')}
                </SubmitButton>
                <AlertDialog.Cancel asChild>
                  <button type="button" className={secondaryButton}>
                    {t('cancel')}
                  </button>
                </AlertDialog.Cancel>
              </div>
            </form>
          </AlertDialog.Content>
        </AlertDialog.Portal>
      </AlertDialog.Root>
    </div>
  );
}
