'use client';

import { useTranslations } from 'next-intl';
import type { ServicePoint } from '@/lib/carriers/service-point';
import type { Locale } from '@/lib/i18n/locales';

/** A service point we know by id (from the carrier's service-point search, cached): its street and its week. */
export type KnownServicePoint = { point: ServicePoint; demo: boolean };

/** The opening hours of the pickup point a parcel waits at, per weekday (today first in bold), and "Demo data" for seeded points. */
export function ServicePointHours({ known, locale }: { known: KnownServicePoint; locale: Locale }) {
  const t = useTranslations('servicePoints');
  const { point, demo } = known;
  const today = (new Date().getDay() + 6) % 7;
  const weekday = (i: number) => new Intl.DateTimeFormat(locale, { weekday: 'long', timeZone: 'UTC' }).format(new Date(Date.UTC(2024, 0, 1 + i)));
  return (
    <div className="mt-2" data-testid="pickup-point-hours">
      <p className="text-[var(--color-muted)]">
        {point.address.street}, {point.address.postalCode} {point.address.city}
      </p>
      {point.hours ? (
        <>
          <p className="mt-1 font-medium">{t('pickupHours')}</p>
          <dl className="grid grid-cols-[auto_1fr] gap-x-4">
            {point.hours.map((spans, i) => (
              <div key={i} className={i === today ? 'contents font-semibold' : 'contents'}>
                <dt>{weekday(i)}</dt>
                <dd>{spans.length ? spans.map((s) => `${s.open}–${s.close}`).join(', ') : t('closed')}</dd>
              </div>
            ))}
          </dl>
        </>
      ) : (
        point.hoursText && <p>{t('hoursText', { hours: point.hoursText })}</p>
      )}
      {demo && <p className="mt-1 text-xs text-[var(--color-muted)]">{t('demo')}</p>}
    </div>
  );
}
