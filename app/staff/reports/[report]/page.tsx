import Link from 'next/link';
import { notFound } from 'next/navigation';
import { getDb } from '@/db';
import { isReportId } from '@/lib/reports/definitions';
import { reportsTranslator } from '@/lib/reports/labels';
import { figuresAsOf, loadReport } from '@/lib/reports/queries';
import { parseRange, RANGE_PRESETS } from '@/lib/reports/range';
import { getShopSettings } from '@/lib/settings/shop';
import { todayIn } from '@/lib/time/today';
import { toActor } from '@/lib/staff/ctx';
import { requireStaffPage } from '../../_components/require-staff-page';
import { staffLocale } from '../../_components/staff-locale';
import { regionalFormat } from '@/lib/i18n/format';
import { RangeForm } from '../_components/range-form';
import { RefreshButton } from '../_components/refresh-button';
import { ReportView } from '../_components/report-view';

type Props = { params: Promise<{ report: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

export async function generateMetadata({ params }: Pick<Props, 'params'>) {
  const { report } = await params;
  const t = await reportsTranslator(await staffLocale());
  return { title: isReportId(report) ? t(`reports.${report}.title`) : t('title') };
}

/** One report: range, chart(s), the tables behind them and a CSV per table. Agents and admins alike. */
export default async function ReportPage({ params, searchParams }: Props) {
  const staff = await requireStaffPage();
  const { report } = await params;
  if (!isReportId(report)) notFound();
  const locale = staff.locale;
  const t = await reportsTranslator(locale);
  const format = regionalFormat(locale);
  const shop = await getShopSettings();
  const query = await searchParams;
  const { range, invalid } = parseRange(query, shop.timeZone);
  const db = getDb();
  // Days after today have no figures to be old: the range is as of its days up to today.
  const today = todayIn(shop.timeZone);
  const [data, asOf] = await Promise.all([
    loadReport(db, toActor(staff), report, { range, timeZone: shop.timeZone, locale }),
    figuresAsOf(db, { from: range.from, to: range.to < today ? range.to : today, timeZone: shop.timeZone }),
  ]);
  const day = (d: string) => format.dateTime(new Date(`${d}T00:00:00Z`), { dateStyle: 'medium', timeZone: 'UTC' });
  return (
    <div className="space-y-4">
      <p>
        <Link href="/staff/reports" className="underline">
          {t('allReports')}
        </Link>
      </p>
      <h1 className="text-2xl font-semibold">{t(`reports.${report}.title`)}</h1>
      <p className="max-w-prose">{t(`reports.${report}.description`)}</p>
      <RangeForm
        range={range}
        labels={{
          legend: t('range.legend'),
          preset: t('range.preset'),
          from: t('range.from'),
          to: t('range.to'),
          apply: t('range.apply'),
          presets: [...RANGE_PRESETS, 'custom' as const].map((p) => ({ value: p, label: t(`range.presets.${p}`) })),
        }}
      />
      {invalid && (
        <p role="alert" className="rounded-lg border border-[var(--color-danger)] bg-[var(--color-danger-bg)] p-3 text-[var(--color-danger)]">
          {t('range.invalid')}
        </p>
      )}
      <p data-testid="report-range">{t('range.showing', { from: day(range.from), to: day(range.to), granularity: t(`range.granularity.${range.granularity}`) })}</p>
      <div className="flex flex-wrap items-center gap-3 text-sm">
        <p data-testid="figures-as-of">
          {asOf.at ? t('refresh.asOf', { date: format.dateTime(asOf.at, { dateStyle: 'medium', timeStyle: 'short', timeZone: shop.timeZone }) }) : t('refresh.never')}
          {asOf.at && asOf.missingDays > 0 && ` ${t('refresh.missingDays', { count: asOf.missingDays })}`}
        </p>
        <RefreshButton
          range={{ range: range.preset, from: range.from, to: range.to }}
          labels={{ button: t('refresh.button'), pending: t('refresh.pending'), done: t('refresh.done', { from: day(range.from), to: day(range.to) }), failed: t('refresh.failed') }}
        />
      </div>
      <ReportView t={t} data={data} range={range} locale={locale} pages={query} />
    </div>
  );
}
