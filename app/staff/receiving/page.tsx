import { getTranslations } from 'next-intl/server';
import { getDb } from '@/db';
import { formatMoney } from '@/lib/core/money';
import { reasonLabel } from '@/lib/returns/policy';
import { findReturnForReceiving, getStaffReturn, receivingOutcome } from '@/lib/returns/staff/queries';
import { receivingLookupSchema } from '@/lib/returns/staff/schemas';
import { receivingStepFor } from '@/lib/returns/state';
import { requireStaffPage } from '../_components/require-staff-page';
import { StaffFormsIntl } from '../_components/scoped-intl';
import { staffLocale } from '../_components/staff-locale';
import { secondaryButton } from '../_ui/button';
import { Card } from '../_ui/card';
import { Feedback } from '../_ui/feedback';
import { DeskForm } from './desk-form';
import { ScanInput } from './scan-input';

export async function generateMetadata() {
  const t = await getTranslations({ locale: await staffLocale(), namespace: 'staffReturns.receiving' });
  return { title: t('title') };
}

/**
 * The receiving desk. A barcode scanner types the code and presses Enter: a plain GET form, so it
 * works without JavaScript and the result page is a URL. Then, on the same screen, the items are
 * graded and one Confirm (a server action) receives, inspects and completes the return; the page
 * comes back with a status line (`?done=RMA`, read from the database) and the scan field focused.
 */
export default async function ReceivingPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await requireStaffPage();
  const locale = await staffLocale();
  const t = await getTranslations({ locale, namespace: 'staffReturns' });
  const params = await searchParams;
  const raw = typeof params.code === 'string' ? params.code : '';
  const received = typeof params.received === 'string' ? params.received.slice(0, 32) : null;
  const doneCode = typeof params.done === 'string' ? params.done.slice(0, 32) : null;
  const done = doneCode && !raw ? await receivingOutcome(getDb(), doneCode) : null;
  const parsed = raw ? receivingLookupSchema.safeParse({ code: raw }) : null;
  const found = parsed?.success ? await findReturnForReceiving(getDb(), parsed.data.code) : null;
  const r = found ? await getStaffReturn(getDb(), found.id) : null;
  const step = r ? receivingStepFor(r.status) : null;
  return (
    <div className="max-w-2xl space-y-4">
      <h1 className="text-2xl font-semibold">{t('receiving.title')}</h1>
      {received && !raw && <Feedback state={{ ok: true, message: t('done.received', { rma: received }) }} />}
      {done && (
        <Feedback
          testId="receiving-done"
          state={{
            ok: true,
            message: [
              t('receiving.done.completed', { rma: done.rma }),
              done.refund > 0 ? t('receiving.done.refund', { amount: formatMoney(locale, done.refund, done.currency) }) : null,
              done.credit > 0 ? t('receiving.done.credit', { amount: formatMoney(locale, done.credit, done.currency) }) : null,
              done.exchange ? t('receiving.done.exchange') : null,
              done.refund === 0 && done.credit === 0 && !done.exchange ? t('receiving.done.nothing') : null,
            ]
              .filter(Boolean)
              .join(' '),
          }}
        />
      )}
      <form method="get" action="/staff/receiving" className="space-y-2" role="search">
        <label htmlFor="code" className="block font-medium">
          {t('receiving.code')}
        </label>
        <p id="code-hint" className="text-sm text-[var(--color-muted)]">
          {t('receiving.intro')}
        </p>
        <div className="flex gap-2">
          <ScanInput key={doneCode ?? received ?? raw} defaultValue={r ? '' : raw} describedBy="code-hint" />
          <button type="submit" className={secondaryButton}>
            {t('receiving.find')}
          </button>
        </div>
      </form>
      {raw && parsed && !parsed.success && <Feedback state={{ ok: false, code: 'invalid_input', message: t('errors.codeRequired') }} />}
      {raw && parsed?.success && !r && <Feedback state={{ ok: false, code: 'not_found', message: t('receiving.notFound', { code: raw.slice(0, 64) }) }} />}
      {r && (
        <Card title={`${t('panelTitle', { rma: r.rma })} · ${t('receiving.orderLabel', { orderNumber: r.orderNumber })}`}>
          {step ? (
            <StaffFormsIntl form="returns">
              <DeskForm
                key={`${r.id}:${step}`}
                returnId={r.id}
                rma={r.rma}
                step={step}
                currency={r.currency}
                options={r.settlementOptions}
                items={r.items.map((i) => ({
                  id: i.id,
                  title: `${i.title} ${Object.values(i.options).join(' · ')}`.trim(),
                  quantity: i.quantity,
                  receivedQuantity: i.receivedQuantity,
                  resolution: i.resolution,
                  unitPrice: i.unitPrice,
                  reasonCode: i.reasonCode,
                  reasonLabel: i.reasonLabels[locale] || i.reasonLabels.en ? reasonLabel({ code: i.reasonCode, labels: i.reasonLabels }, locale) : i.reasonCode,
                  inspectionGrade: i.inspectionGrade,
                  restock: i.restock,
                }))}
              />
            </StaffFormsIntl>
          ) : r.status === 'completed' ? (
            <p role="status">{t('receiving.alreadyCompleted', { rma: r.rma })}</p>
          ) : (
            <p role="alert">{t('receiving.wrongStatus', { rma: r.rma, status: t(`statuses.${r.status}`) })}</p>
          )}
        </Card>
      )}
    </div>
  );
}
