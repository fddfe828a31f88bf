import { getTranslations } from 'next-intl/server';
import { carrierName } from '@/lib/carriers/catalog';
import type { CarrierId } from '@/lib/core/enums';
import { StaffFormsIntl } from '../../../_components/scoped-intl';
import { staffLocale } from '../../../_components/staff-locale';
import { DismissParcelBookingButton, RebookButton, type RebookSubject } from './return-forms';

type OpenBooking = { state: 'calling' | 'booked' | 'uncertain'; carrier: CarrierId; trackingNumber: string | null; applyError: string | null };

/**
 * A booking with the carrier that is not on the return or parcel (lib/carriers/booking-ledger.ts): its number and
 * why it could not be added, or, after an unanswered call, what staff check (the carrier's portal, by `reference`)
 * before booking again deliberately. A parcel's booking can also be marked abandoned (staff enter a number of their
 * own, or booking again is not offered because the carrier's booking is no longer connected: the note says so).
 */
export async function OpenBookingNote({ booking, subject, reference, canRebook, notConnected = false }: { booking: OpenBooking; subject: RebookSubject; reference: string; canRebook: boolean; notConnected?: boolean }) {
  const locale = await staffLocale();
  const t = await getTranslations({ locale, namespace: 'staffReturns.booking' });
  const carrier = carrierName(booking.carrier);
  const parcel = 'shipmentId' in subject;
  const testId = parcel ? 'parcel-open-booking' : 'return-open-booking';
  if (booking.state === 'calling') return <p data-testid={testId}>{t('calling', { carrier })}</p>;
  const number = booking.trackingNumber ?? '';
  const dismiss = 'shipmentId' in subject && (
    <StaffFormsIntl form="returns">
      <DismissParcelBookingButton shipmentId={subject.shipmentId} reference={reference} number={booking.trackingNumber} carrier={booking.carrier} />
    </StaffFormsIntl>
  );
  return (
    <div data-testid={testId} role="alert" className="space-y-2 rounded-lg border border-[var(--color-danger)] bg-[var(--color-danger-bg)] p-3 text-[var(--color-danger)]">
      {booking.state === 'uncertain' ? (
        <>
          <p className="font-semibold">{t('uncertain', { carrier, rma: reference })}</p>
          {canRebook && (
            <StaffFormsIntl form="returns">
              <RebookButton subject={subject} reference={reference} carrier={booking.carrier} />
            </StaffFormsIntl>
          )}
          {notConnected && <p>{t('parcelRebookNotConnected', { carrier, rma: reference })}</p>}
          {dismiss}
        </>
      ) : (
        <>
          <p className="font-semibold">
            {booking.applyError
              ? t(parcel ? 'parcelNotApplied' : 'notApplied', { carrier, number, reason: booking.applyError })
              : t(parcel ? 'parcelNotAppliedYet' : 'notAppliedYet', { carrier, number })}
          </p>
          <p>{t(parcel ? 'parcelNotAppliedHint' : 'notAppliedHint', { carrier, number })}</p>
          {dismiss}
        </>
      )}
    </div>
  );
}
