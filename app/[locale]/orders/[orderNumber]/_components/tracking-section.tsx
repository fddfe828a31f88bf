import { NextIntlClientProvider } from 'next-intl';
import { getMessages } from 'next-intl/server';
import type { TrackingDto } from '@/lib/tracking/queries';
import type { HelpLinks } from '../../../_components/parcel-card';
import { LiveParcels } from './live-parcels';

/** 60 s in production; e2e shortens it through TRACKING_POLL_MS so a test need not wait a minute. */
function pollInterval(): number {
  const fromEnv = Number(process.env.TRACKING_POLL_MS);
  return Number.isFinite(fromEnv) && fromEnv >= 500 ? fromEnv : 60_000;
}

/** The parcels part of the order page; only the namespaces the client renders are sent to it. */
export async function TrackingSection({ tracking, links }: { tracking: TrackingDto; links?: HelpLinks }) {
  const { parcel, tracking: trackingMessages, order, firstScreen } = await getMessages();
  return (
    <NextIntlClientProvider messages={{ parcel, tracking: trackingMessages, order: { parcels: order.parcels }, firstScreen }}>
      <LiveParcels initial={tracking} pollMs={pollInterval()} links={links} />
    </NextIntlClientProvider>
  );
}
