import type { Metadata } from 'next';
import { getFormatter, getTranslations, setRequestLocale } from 'next-intl/server';
import { getDb } from '@/db';
import { carrierName } from '@/lib/carriers/catalog';
import { toLocale } from '@/lib/i18n/locales';
import { getPromiseKept } from '@/lib/tracking/promise-kept';
import { CONFIDENCE_MIN_SAMPLES } from '@/lib/tracking/transit-window';

export async function generateMetadata({ params }: { params: Promise<{ locale: string }> }): Promise<Metadata> {
  const locale = toLocale((await params).locale);
  const t = await getTranslations({ locale, namespace: 'deliveryEstimate.page' });
  return { title: t('title') };
}

/** The shop's public delivery page: per carrier, how often last month's first estimates were kept (lib/tracking/promise-kept.ts). */
export default async function DeliveryPage({ params }: { params: Promise<{ locale: string }> }) {
  const locale = toLocale((await params).locale);
  setRequestLocale(locale);
  const [t, format, common] = await Promise.all([getTranslations('deliveryEstimate.page'), getFormatter(), getTranslations('common')]);
  const figures = await getPromiseKept(getDb());
  const keptValue = (c: { kept: number; parcels: number }) =>
    t('keptValue', { percent: format.number(c.kept / c.parcels, { style: 'percent', maximumFractionDigits: 0 }), kept: c.kept, parcels: c.parcels });
  const month = format.dateTime(new Date(`${figures.month}-15T12:00:00Z`), { month: 'long', year: 'numeric', timeZone: 'UTC' });

  return (
    <article className="space-y-5 rounded-2xl border border-[var(--color-line)] bg-white p-5 sm:p-8">
      <h1 className="text-2xl font-semibold sm:text-3xl">{t('title')}</h1>
      <p>{t('intro')}</p>
      <section aria-labelledby="promise-kept" className="space-y-3">
        <h2 id="promise-kept" className="text-lg font-semibold">
          {t('heading', { month })}
        </h2>
        {figures.carriers.length > 0 ? (
          <>
            {/* Four columns do not fit a phone: there each carrier is a short list of its own. */}
            <ul data-testid="promise-kept-list" className="space-y-3 sm:hidden">
              {figures.carriers.map((c) => (
                <li key={c.carrier} className="border-b border-[var(--color-line)] pb-3">
                  <p className="font-medium">{carrierName(c.carrier)}</p>
                  <dl className="mt-1 grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-sm">
                    <dt>{t('parcels')}</dt>
                    <dd>{format.number(c.parcels)}</dd>
                    <dt>{t('kept')}</dt>
                    <dd>{keptValue(c)}</dd>
                    <dt>{t('median')}</dt>
                    <dd>{t('medianValue', { days: c.medianDays })}</dd>
                  </dl>
                </li>
              ))}
            </ul>
            <table data-testid="promise-kept" className="hidden w-full text-left text-sm sm:table">
              <caption className="sr-only">{t('caption', { month })}</caption>
              <thead>
                <tr className="border-b border-[var(--color-line)]">
                  <th scope="col" className="py-2 pr-4">{t('carrier')}</th>
                  <th scope="col" className="py-2 pr-4 text-right">{t('parcels')}</th>
                  <th scope="col" className="py-2 pr-4 text-right">{t('kept')}</th>
                  <th scope="col" className="py-2 text-right">{t('median')}</th>
                </tr>
              </thead>
              <tbody>
                {figures.carriers.map((c) => (
                  <tr key={c.carrier} className="border-b border-[var(--color-line)]">
                    <th scope="row" className="py-2 pr-4 font-medium">{carrierName(c.carrier)}</th>
                    <td className="py-2 pr-4 text-right">{format.number(c.parcels)}</td>
                    <td className="py-2 pr-4 text-right">{keptValue(c)}</td>
                    <td className="py-2 text-right">{t('medianValue', { days: c.medianDays })}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </>
        ) : (
          <p data-testid="promise-kept-empty">{t('empty', { month })}</p>
        )}
        <p className="text-sm">{t('meaning', { month, min: figures.minParcels })}</p>
        <p className="text-sm">{t('windowExplained', { min: CONFIDENCE_MIN_SAMPLES })}</p>
      </section>
      <p>
        <a href={`/${locale}`}>{common('backToLookup')}</a>
      </p>
    </article>
  );
}
