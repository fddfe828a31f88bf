import { getTranslations } from 'next-intl/server';
import { getDb } from '@/db';
import { carrierName } from '@/lib/carriers/catalog';
import { getParcelBooking } from '@/lib/shipments/parcel-booking-queries';
import { StaffFormsIntl } from '../../../_components/scoped-intl';
import { staffLocale } from '../../../_components/staff-locale';
import { OpenBookingNote } from './open-booking-note';
import { BookPendingParcelButton, ShipPendingParcelForm } from './return-forms';

/**
 * A parcel the shop sends (an exchange's new item, a reship). While it awaits the shop: "Book with <carrier>" when
 * that carrier's booking is connected (else a note that it is not), next to the form for a number booked elsewhere,
 * and a booking with the carrier not yet on the parcel (its number and why, or an unanswered call to decide on).
 * Once sent: its carrier and number, the carrier's label when Paluu booked it, and a booking of ours the shop's own
 * number replaced (cancel it in the carrier's portal).
 */
export async function ParcelBooking({ shipmentId, awaitingText }: { shipmentId: string; awaitingText: string }) {
  const view = await getParcelBooking(getDb(), shipmentId);
  if (!view) return null;
  const locale = await staffLocale();
  const t = await getTranslations({ locale, namespace: 'staffReturns.outbound' });
  const tParcel = await getTranslations({ locale, namespace: 'staffReturns.exchangeParcel' });
  const carrier = carrierName(view.carrier);
  if (view.awaitingShop) {
    const open = view.openBooking;
    // A recorded booking is applied by the same button, even if the carrier's credentials were removed since; an
    // uncertain one waits for staff's deliberate "book again" in its note.
    const canBook = open?.state !== 'uncertain' && (view.connected || open?.state === 'booked');
    return (
      <div className="space-y-3" data-testid="parcel-booking">
        <p>{awaitingText}</p>
        {open && <OpenBookingNote booking={open} subject={{ shipmentId: view.shipmentId }} reference={open.reference} canRebook={view.connected} notConnected={!view.connected} />}
        {canBook && (
          <StaffFormsIntl form="returns">
            <BookPendingParcelButton shipmentId={view.shipmentId} carrier={view.carrier} />
          </StaffFormsIntl>
        )}
        {!view.connected && !canBook && open?.state !== 'uncertain' && (
          <p role="note" className="text-sm">
            {t('notConnected', { carrier })}
          </p>
        )}
        <StaffFormsIntl form="returns">
          <ShipPendingParcelForm shipmentId={view.shipmentId} carrier={view.carrier} />
        </StaffFormsIntl>
      </div>
    );
  }
  const superseded = view.supersededBooking;
  return (
    <div className="space-y-1" data-testid="parcel-booking">
      <p>{tParcel('sent', { carrier, number: view.trackingNumber ?? '' })}</p>
      {superseded && (
        <p role="note" data-testid="parcel-superseded-booking" className="rounded-lg border border-[var(--color-danger)] bg-[var(--color-danger-bg)] p-3 font-semibold text-[var(--color-danger)]">
          {superseded.bookedTrackingNumber
            ? t('supersededBooked', { carrier: carrierName(superseded.carrier), number: superseded.bookedTrackingNumber, sent: superseded.sentTrackingNumber })
            : t('supersededUncertain', { carrier: carrierName(superseded.carrier), rma: superseded.reference, sent: superseded.sentTrackingNumber })}
        </p>
      )}
      {view.openBooking && <OpenBookingNote booking={view.openBooking} subject={{ shipmentId: view.shipmentId }} reference={view.openBooking.reference} canRebook={false} />}
      {view.label?.pdf && (
        <a href={`/staff/parcels/${encodeURIComponent(view.shipmentId)}/label.pdf`} download className="inline-flex min-h-11 items-center font-semibold text-[var(--accent)] underline">
          {t('downloadLabel')}
        </a>
      )}
      {view.label?.pending && <p role="note">{t('labelPending')}</p>}
    </div>
  );
}
