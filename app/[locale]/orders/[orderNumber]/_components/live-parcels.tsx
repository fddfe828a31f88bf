'use client';

import { QueryClient, QueryClientProvider, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslations } from 'next-intl';
import { useEffect, useRef, useState } from 'react';
import type { TrackingDto } from '@/lib/tracking/queries';
import { type HelpLinks, ParcelCard, parcelSummary } from '../../../_components/parcel-card';
import { useDates } from '../../../_components/dates';
import type { KnownServicePoint } from '../../../_components/service-point-hours';

type T = ReturnType<typeof useTranslations<never>>;

/** Every parcel of the order, refreshed by a poll while the tab is visible (TanStack Query pauses hidden tabs). */
export function LiveParcels(props: { initial: TrackingDto; pollMs: number; links?: HelpLinks; servicePoints?: Record<string, KnownServicePoint> }) {
  const [client] = useState(() => new QueryClient({ defaultOptions: { queries: { retry: 1 } } }));
  return (
    <QueryClientProvider client={client}>
      <Parcels {...props} />
    </QueryClientProvider>
  );
}

function Parcels({
  initial,
  pollMs,
  links,
  servicePoints,
}: {
  initial: TrackingDto;
  pollMs: number;
  links?: HelpLinks;
  /** Known pickup points by `${carrier}:${id}` (lib/carriers/find-service-points.ts). */
  servicePoints?: Record<string, KnownServicePoint>;
}) {
  const t = useTranslations() as T;
  const dates = useDates();
  const queryClient = useQueryClient();
  const etag = useRef<string | null>(null);
  const queryKey = ['tracking', initial.orderNumber];

  const { data } = useQuery({
    queryKey,
    queryFn: async ({ signal }): Promise<TrackingDto> => {
      const response = await fetch(`/api/orders/${encodeURIComponent(initial.orderNumber)}/tracking`, {
        signal,
        cache: 'no-store',
        headers: etag.current ? { 'If-None-Match': etag.current } : {},
      });
      const previous = queryClient.getQueryData<TrackingDto>(queryKey) ?? initial;
      if (response.status === 304) return previous;
      if (!response.ok) throw new Error(`tracking ${response.status}`);
      etag.current = response.headers.get('ETag');
      return (await response.json()) as TrackingDto;
    },
    initialData: initial,
    initialDataUpdatedAt: () => Date.now(),
    staleTime: pollMs,
    refetchInterval: pollMs,
    refetchIntervalInBackground: false,
    refetchOnWindowFocus: true,
    // A 304 returns the same object: nothing re-renders.
    structuralSharing: true,
  });

  // Tell screen readers politely what changed (only events that were not there before).
  const seen = useRef(new Set(initial.parcels.flatMap((p) => p.events.map((e) => e.id))));
  const [announcement, setAnnouncement] = useState('');
  useEffect(() => {
    const fresh = data.parcels.filter((p) => p.events.some((e) => !seen.current.has(e.id)));
    for (const parcel of data.parcels) for (const event of parcel.events) seen.current.add(event.id);
    if (fresh.length > 0) setAnnouncement(fresh.map((p) => t('tracking.liveUpdated', { summary: parcelSummary(p, t, dates) })).join(' '));
  }, [data, t, dates]);

  const parcels = data.parcels;
  return (
    <>
      <div role="status" aria-live="polite" aria-atomic="true" className="sr-only" data-testid="live-region">
        {announcement}
      </div>
      {parcels.length > 0 ? (
        <ul className="space-y-1" aria-label={t('order.parcels', { count: parcels.length })} data-testid="parcel-summaries">
          {parcels.map((parcel) => (
            <li key={parcel.id} className="font-medium">
              {parcelSummary(parcel, t, dates)}
            </li>
          ))}
        </ul>
      ) : (
        <p className="rounded-xl bg-white p-4">{t('tracking.noParcels')}</p>
      )}
      {parcels.length > 0 && (
        <section aria-label={t('order.parcels', { count: parcels.length })} className="space-y-4 pt-4">
          {parcels.map((parcel, index) => (
            <ParcelCard
              key={parcel.id}
              parcel={parcel}
              index={index + 1}
              count={parcels.length}
              links={links}
              servicePoint={parcel.pickupPoint?.id ? servicePoints?.[`${parcel.carrier}:${parcel.pickupPoint.id}`] : undefined}
            />
          ))}
          <p className="text-sm text-[var(--color-muted)]">{t('tracking.liveNote')}</p>
        </section>
      )}
    </>
  );
}
