'use client';

import { useQuery } from '@tanstack/react-query';
import { useFormatter, useTranslations } from 'next-intl';
import { useId, useState } from 'react';
import type { ServicePointsResult } from '@/lib/carriers/find-service-points';
import type { OpeningSpan, ServicePoint } from '@/lib/carriers/service-point';
import type { Locale } from '@/lib/i18n/locales';

type Props = { carrier: string; carrierName: string; country: string; initialPostalCode: string; locale: Locale };

class SearchError extends Error {}

const spansText = (spans: OpeningSpan[]) => spans.map((s) => `${s.open}–${s.close}`).join(', ');
/** 0 = Monday, in the browser's own day (the customer's). */
const todayIndex = () => (new Date().getDay() + 6) % 7;

/**
 * The drop-off step's nearest service points of the chosen carrier: first for the order's shipping postal code,
 * then for any code the customer searches. A list (name, address, distance, today's hours, the week on demand).
 * Demo points say "Demo data". A carrier that cannot be reached never blocks the step.
 */
export function ServicePointsPanel({ carrier, carrierName, country, initialPostalCode, locale }: Props) {
  const t = useTranslations('servicePoints');
  const format = useFormatter();
  const id = useId();
  const [postalCode, setPostalCode] = useState(initialPostalCode);
  const [draft, setDraft] = useState(initialPostalCode);

  const query = useQuery<ServicePointsResult, SearchError>({
    queryKey: ['service-points', carrier, country, postalCode, locale],
    queryFn: async () => {
      const params = new URLSearchParams({ carrier, country, postalCode, locale, limit: '5' });
      const res = await fetch(`/api/service-points?${params.toString()}`, { headers: { Accept: 'application/json' } });
      const body = (await res.json().catch(() => null)) as (ServicePointsResult & { error?: { message?: string } }) | null;
      if (!res.ok || !body) throw new SearchError(body?.error?.message ?? t('failed', { carrier: carrierName }));
      return body;
    },
    retry: false,
    staleTime: 5 * 60_000,
  });

  const search = () => setPostalCode(draft.trim());
  const weekdays = Array.from({ length: 7 }, (_, i) => new Intl.DateTimeFormat(locale, { weekday: 'long', timeZone: 'UTC' }).format(new Date(Date.UTC(2024, 0, 1 + i))));
  const distance = (m: number) =>
    m < 1000
      ? format.number(m, { style: 'unit', unit: 'meter', maximumFractionDigits: 0 })
      : format.number(m / 1000, { style: 'unit', unit: 'kilometer', maximumFractionDigits: 1 });
  const error = query.error?.message;

  return (
    <section aria-labelledby={`${id}-heading`} className="rounded-xl border border-[var(--color-line)] p-3 sm:p-4" data-testid="service-points">
      <h3 id={`${id}-heading`} className="font-medium">
        {t('heading')}
      </h3>
      <p className="mt-1 text-sm text-[var(--color-muted)]">{t('intro', { carrier: carrierName, postalCode })}</p>
      {query.data?.demo && (
        <p className="mt-1 text-xs text-[var(--color-muted)]" data-testid="service-points-demo">
          {t('demo')}
        </p>
      )}

      <div className="mt-3 flex flex-wrap items-end gap-2">
        <div>
          <label htmlFor={`${id}-postal`} className="block text-sm font-medium">
            {t('postalCodeLabel')}
          </label>
          <input
            id={`${id}-postal`}
            value={draft}
            inputMode="numeric"
            autoComplete="postal-code"
            maxLength={16}
            onChange={(e) => setDraft(e.target.value)}
            onKeyDown={(e) => {
              // The wizard is one form: Enter here searches instead of moving the wizard on.
              if (e.key === 'Enter') {
                e.preventDefault();
                search();
              }
            }}
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? `${id}-error` : undefined}
            className="mt-1 block min-h-11 w-32 rounded-xl border border-[#8a9691] bg-white px-3 text-base"
          />
        </div>
        <button type="button" onClick={search} className="min-h-11 rounded-xl border border-[var(--color-line)] px-4 font-medium">
          {t('search')}
        </button>
      </div>

      <div role="status" aria-live="polite" className="mt-2 text-sm">
        {query.isFetching && <p>{t('loading')}</p>}
        {!query.isFetching && query.data && query.data.points.length === 0 && <p>{t(query.data.source === 'none' ? 'none' : 'failed', { carrier: carrierName })}</p>}
      </div>
      {error && (
        <p id={`${id}-error`} role="alert" className="mt-1 text-sm text-[var(--color-danger)]">
          {error}
        </p>
      )}

      {query.data && query.data.points.length > 0 && (
        <ul aria-label={t('listLabel')} className="mt-3 space-y-3" data-testid="service-point-list">
          {query.data.points.map((p) => (
            <PointItem key={p.id} point={p} t={t} weekdays={weekdays} distance={distance} />
          ))}
        </ul>
      )}
    </section>
  );
}

function PointItem({
  point,
  t,
  weekdays,
  distance,
}: {
  point: ServicePoint;
  t: ReturnType<typeof useTranslations<'servicePoints'>>;
  weekdays: string[];
  distance: (m: number) => string;
}) {
  const today = point.hours?.[todayIndex()];
  return (
    <li className="rounded-lg bg-[var(--color-canvas)] p-3 text-sm" data-testid="service-point">
      <p className="font-medium">{point.name}</p>
      <p className="text-[var(--color-muted)]">
        {t(`type.${point.type}`)}
        {point.distanceMeters !== null && <> · {t('distance', { distance: distance(point.distanceMeters) })}</>}
      </p>
      <p>
        {point.address.street}, {point.address.postalCode} {point.address.city}
      </p>
      {point.hours ? (
        <>
          <p>{today && today.length > 0 ? t('today', { hours: spansText(today) }) : t('closedToday')}</p>
          <details className="mt-1">
            <summary className="inline-flex min-h-11 cursor-pointer items-center font-medium text-[var(--accent)]">{t('week')}</summary>
            <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1">
              {point.hours.map((spans, i) => (
                <div key={i} className="contents">
                  <dt>{weekdays[i]}</dt>
                  <dd>{spans.length ? spansText(spans) : t('closed')}</dd>
                </div>
              ))}
            </dl>
          </details>
        </>
      ) : (
        point.hoursText && <p>{t('hoursText', { hours: point.hoursText })}</p>
      )}
    </li>
  );
}
