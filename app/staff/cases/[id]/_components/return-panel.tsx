import Link from 'next/link';
import { getTranslations } from 'next-intl/server';
import { getDb } from '@/db';
import { requireStaff } from '@/lib/auth/staff-session';
import { formatMoney } from '@/lib/core/money';
import { platformName } from '@/lib/platforms/platform';
import { formatDate } from '@/lib/i18n/format';
import { reasonLabel } from '@/lib/returns/policy';
import { getStaffReturn } from '@/lib/returns/staff/queries';
import { getReturnLabelState } from '@/lib/labels/queries';
import { StaffFormsIntl } from '../../../_components/scoped-intl';
import { Cell, DataTable, Row, RowHeader } from '../../../_ui/data-table';
import { staffLocale } from '../../../_components/staff-locale';
import { ParcelBooking } from './parcel-booking';
import { OpenBookingNote } from './open-booking-note';
import { ApproveReturnButton, CompleteForm, InspectForm, RefetchLabelButton, RejectReturnDialog, RetryLabelButton } from './return-forms';

/** The return of a case: items, status, and the one next action its status allows. */
export async function ReturnPanel({ returnId }: { returnId: string | null }) {
  await requireStaff();
  const locale = await staffLocale();
  const t = await getTranslations({ locale, namespace: 'staffReturns' });
  const tl = await getTranslations({ locale, namespace: 'staff.desk.labels' });
  const tShip = await getTranslations({ locale, namespace: 'shipNow' });
  const r = returnId ? await getStaffReturn(getDb(), returnId) : null;
  // A case without a return shows no panel.
  if (!r) return null;
  const money = (minor: number) => formatMoney(locale, minor, r.currency);
  return (
    <section aria-labelledby="return-panel-title" className="space-y-4 rounded-lg border border-[var(--color-line)] bg-white p-4" data-testid="return-panel">
      <div className="flex flex-wrap items-baseline gap-x-4">
        <h2 id="return-panel-title" className="text-lg font-semibold">
          {t('panelTitle', { rma: r.rma })}
        </h2>
        <p>
          {t('status')}: <strong data-testid="return-status">{t(`statuses.${r.status}`)}</strong>
        </p>
        {r.trackingNumber && <p className="font-mono text-sm">{r.trackingNumber}</p>}
      </div>
      {r.shipNow && (
        <div
          data-testid="return-ship-now"
          className={`rounded-lg border p-3 ${r.shipNow.overdue ? 'border-[var(--color-danger)] bg-[var(--color-danger-bg)] text-[var(--color-danger)]' : 'border-[var(--color-line)] bg-[var(--color-canvas)]'}`}
        >
          <p className="font-semibold">{tShip('staff.badge')}</p>
          <p>{tShip('staff.deadline', { date: formatDate(locale, r.shipNow.deadline) })}</p>
          {r.shipNow.overdue && <p className="font-semibold">{tShip('staff.overdue')}</p>}
        </div>
      )}
      {r.exchangeParcel && (
        <div data-testid="return-exchange-parcel" className="space-y-2 rounded-lg border border-[var(--color-line)] p-3">
          <h3 className="font-semibold">{t('exchangeParcel.title')}</h3>
          {r.platformOrder && <PlatformOrderLine order={r.platformOrder} />}
          <ParcelBooking shipmentId={r.exchangeParcel.id} awaitingText={t('exchangeParcel.awaitingShop')} />
        </div>
      )}
      {r.openBooking && <OpenBookingNote booking={r.openBooking} subject={{ returnId: r.id }} reference={r.rma} canRebook={r.status === 'approved'} />}
      <ReturnLabelLinks rma={r.rma} returnId={r.id} />
      <DataTable caption={t('items.caption')} columns={[t('items.item'), t('items.quantity'), t('items.received'), t('items.reason'), t('items.resolution'), t('items.grade')]}>
        {r.items.map((item) => (
          <Row key={item.id}>
            <RowHeader>
              {item.title} <span className="text-[var(--color-muted)]">{Object.values(item.options).join(' · ')}</span>
            </RowHeader>
            <Cell>{item.quantity}</Cell>
            <Cell>{item.receivedQuantity}</Cell>
            <Cell>
              {item.reasonLabels[locale] || item.reasonLabels.en ? reasonLabel({ code: item.reasonCode, labels: item.reasonLabels }, locale) : tl('unknown')}
              {item.comment ? ` — ${item.comment}` : ''}
            </Cell>
            <Cell>{t(`resolutions.${item.resolution}`)}</Cell>
            <Cell>
              {item.inspectionGrade ? t(`grades.${item.inspectionGrade}`) : '—'}
              {item.inspectionGrade && item.receivedQuantity > 0 ? ` · ${item.restock ? t('items.restocked') : t('items.writtenOff')}` : ''}
            </Cell>
          </Row>
        ))}
      </DataTable>
      <p className="text-sm text-[var(--color-muted)]">{t('timeline', { refunded: money(r.refunded), captured: money(r.captured) })}</p>
      <StaffFormsIntl form="returns">
        {r.status === 'requested' && (
          <div className="flex flex-wrap items-start gap-3">
            <ApproveReturnButton returnId={r.id} />
            <RejectReturnDialog returnId={r.id} rma={r.rma} />
          </div>
        )}
        {r.status === 'approved' && (
          <div className="flex flex-wrap items-start gap-3">
            {r.openBooking?.state !== 'uncertain' && <RetryLabelButton returnId={r.id} />}
            <RejectReturnDialog returnId={r.id} rma={r.rma} />
          </div>
        )}
        {(r.status === 'label_issued' || r.status === 'in_transit') && (
          <p>
            {t('receiveHint')}{' '}
            <Link href={`/staff/receiving?code=${encodeURIComponent(r.rma)}`} className="font-semibold text-[var(--accent)] underline">
              {t('openReceiving')}
            </Link>
          </p>
        )}
        {r.status === 'received' && <InspectForm returnId={r.id} items={r.items.map((i) => ({ id: i.id, title: i.title, receivedQuantity: i.receivedQuantity }))} />}
        {r.status === 'inspected' && (
          <CompleteForm
            returnId={r.id}
            refundDue={money(r.settlement.proposedRefund)}
            refundDueMinor={r.settlement.proposedRefund}
            deductions={r.deductions.map((d) =>
              t('deduction', { percent: d.percent, amount: money(d.amount), item: d.itemTitle, reason: reasonLabel({ code: d.reasonCode, labels: d.reasonLabels }, locale) }),
            )}
            currency={r.currency}
            hasRefundItems={r.items.some((i) => i.resolution === 'refund')}
            creditDue={r.settlement.credit > 0 ? money(r.settlement.credit) : null}
            exchangeUnits={r.settlement.exchangeUnits}
            fee={r.fee > 0 ? money(r.fee) : null}
          />
        )}
      </StaffFormsIntl>
    </section>
  );
}

/** Download / reprint of the return's label: the carrier's own when booked; a SPECIMEN is named as one. */
async function ReturnLabelLinks({ rma, returnId }: { rma: string; returnId: string }) {
  const label = await getReturnLabelState(getDb(), returnId);
  if (!label) return null;
  const locale = await staffLocale();
  const t = await getTranslations({ locale, namespace: 'staffReturns.label' });
  const tVia = await getTranslations({ locale, namespace: 'staffAdmin.carriers.booking.via' });
  // The booking API's name as the carrier settings say it; an id without a label (a newer client) as it is.
  const bookedVia = (via: string) => (tVia.has(via as never) ? tVia(via as never) : via);
  const base = `/staff/returns/${encodeURIComponent(rma)}`;
  return (
    <div className="space-y-1 text-sm" data-testid="return-label-links">
      <p role={label.specimen || label.carrierLabel?.pending ? 'note' : undefined} className={label.specimen || label.carrierLabel?.pending ? 'font-semibold' : undefined}>
        {label.specimen ? t('specimen') : t(label.carrierLabel!.pending ? 'pending' : 'booked', { via: bookedVia(label.carrierLabel!.bookedVia) })}
      </p>
      {label.carrierLabel?.pending && (
        <StaffFormsIntl form="returns">
          <RefetchLabelButton returnId={returnId} />
        </StaffFormsIntl>
      )}
      <p className="flex flex-wrap gap-4">
        {(label.specimen || label.carrierLabel?.pdf) && (
          <a href={`${base}/label.pdf`} download className="font-semibold text-[var(--accent)] underline">
            {t('downloadPdf')}
          </a>
        )}
        {(label.specimen || label.carrierLabel?.zpl) && (
          <a href={`${base}/label.zpl`} download className="font-semibold text-[var(--accent)] underline">
            {t('downloadZpl')}
          </a>
        )}
      </p>
    </div>
  );
}

/** The exchange's replacement order on the shop's platform: made (linked to the platform's admin), under way, or refused (staff act). */
async function PlatformOrderLine({ order }: { order: { status: 'pending' | 'created' | 'failed'; platform: string; name: string | null; adminUrl: string | null; error: string | null } }) {
  const locale = await staffLocale();
  const t = await getTranslations({ locale, namespace: 'staffReturns.exchangeParcel.platformOrder' });
  const platform = platformName(order.platform);
  if (order.status === 'created') {
    const text = t('created', { name: order.name ?? '', platform });
    return (
      <p data-testid="return-platform-order">
        {order.adminUrl ? (
          <a href={order.adminUrl} target="_blank" rel="noreferrer noopener" className="underline">
            {text}
            <span className="sr-only"> {t('opensNewTab')}</span>
          </a>
        ) : (
          text
        )}
      </p>
    );
  }
  if (order.status === 'failed') {
    return (
      <div data-testid="return-platform-order" role="alert" className="rounded-lg border border-[var(--color-danger)] bg-[var(--color-danger-bg)] p-2 text-[var(--color-danger)]">
        <p className="font-semibold">{t('failed')}</p>
        {order.error && <p>{t('said', { platform, message: order.error })}</p>}
      </div>
    );
  }
  return <p data-testid="return-platform-order">{t('pending', { platform })}</p>;
}
