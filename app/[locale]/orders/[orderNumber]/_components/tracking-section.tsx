import { NextIntlClientProvider } from 'next-intl';
import { getMessages } from 'next-intl/server';
import { getDb } from '@/db';
import { findKnownServicePoint } from '@/lib/carriers/find-service-points';
import type { TrackingDto } from '@/lib/tracking/queries';
import type { HelpLinks } from '../../../_components/parcel-card';
import type { KnownServicePoint } from '../../../_components/service-point-hours';
import { LiveParcels } from './live-parcels';

/** 60 s in production; e2e shortens it through TRACKING_POLL_MS so a test need not wait a minute. */
function pollInterval(): number {
  const fromEnv = Number(process.env.TRACKING_POLL_MS);
  return Number.isFinite(fromEnv) && fromEnv >= 500 ? fromEnv : 60_000;
}

/** The parcels part of the order page; only the namespaces the client renders are sent to it. */
export async function TrackingSection({ tracking, links }: { tracking: TrackingDto; links?: HelpLinks }) {
  const { parcel, tracking: trackingMessages, order, firstScreen, servicePoints: servicePointMessages, deliveryEstimate } = await getMessages();
  // The parcel cards show the help, event and estimate texts of the first screen; its summary and ask texts render on the server.
  const { help, events, estimate } = firstScreen;
  const servicePoints = await knownPickupPoints(tracking);
  return (
    <NextIntlClientProvider messages={{ parcel, tracking: trackingMessages, order: { parcels: order.parcels }, firstScreen: { help, events, estimate }, servicePoints: servicePointMessages, deliveryEstimate: { window: deliveryEstimate.window, confidence: deliveryEstimate.confidence, basis: deliveryEstimate.basis } }}>
      <LiveParcels initial={tracking} pollMs={pollInterval()} links={links} servicePoints={servicePoints} />
    </NextIntlClientProvider>
  );
}

/**
 * The pickup points parcels wait at that the service-point cache knows by id (issue #14): their street and week
 * of opening hours. Looked up once per page view (no carrier call); a failed look-up only leaves them out.
 */
async function knownPickupPoints(tracking: TrackingDto): Promise<Record<string, KnownServicePoint>> {
  const waiting = tracking.parcels.filter((p) => p.pickupPoint?.id && (p.status === 'available_for_pickup' || p.status === 'failed_attempt'));
  const out: Record<string, KnownServicePoint> = {};
  try {
    const db = getDb();
    for (const p of waiting) {
      const known = await findKnownServicePoint(db, p.carrier, p.pickupPoint!.id!);
      if (known) out[`${p.carrier}:${p.pickupPoint!.id}`] = known;
    }
  } catch (error) {
    console.warn('[service-points] pickup point look-up failed', error);
  }
  return out;
}
