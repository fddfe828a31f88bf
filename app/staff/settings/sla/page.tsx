import { getTranslations } from 'next-intl/server';
import { getSlaConfig } from '@/lib/sla/config';
import { holidaysThisYear, slaFormValues, slaPreview } from '@/lib/staff-admin/sla-settings';
import { staffLocale } from '../../_components/staff-locale';
import { regionalFormat } from '@/lib/i18n/format';
import { Cell, DataTable, Row, RowHeader } from '../../_ui/data-table';
import { ScopedIntl } from '../../_ui/scoped-intl';
import { requireAdminPage } from '../_admin/require-admin-page';
import { SlaSettingsForm } from './sla-form';
import { Card } from '../../_ui/card';

export async function generateMetadata() {
  const t = await getTranslations({ locale: await staffLocale(), namespace: 'staffAdmin.sla' });
  return { title: t('title') };
}

/** SLA targets per case type and the business calendar, with the effect on a case opened now. */
export default async function SlaSettingsPage() {
  const admin = await requireAdminPage();
  const locale = await staffLocale();
  const t = await getTranslations({ locale, namespace: 'staffAdmin.sla' });
  const format = regionalFormat(locale);
  const config = await getSlaConfig(admin.db);
  const now = new Date();
  const preview = slaPreview(config, now);
  const holidays = holidaysThisYear(config, now);
  // The saved zone is always an option, even when this runtime's list names it differently (an alias).
  const timeZones = [...new Set([...Intl.supportedValuesOf('timeZone'), config.calendar.timeZone, 'UTC'])].sort();
  const when = (iso: string) => format.dateTime(new Date(iso), { weekday: 'short', day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit', timeZone: config.calendar.timeZone });
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-semibold">{t('title')}</h1>
      <p>{t('intro')}</p>
      <Card title={t('effectHeading')}>
        <p>{t('effectIntro', { now: when(now.toISOString()) })}</p>
        <DataTable caption={t('effectHeading')} columns={[t('caseType'), t('effectFirst'), t('effectResolution')]} testId="sla-preview">
          {preview.map((row) => (
            <Row key={row.type} data-type={row.type}>
              <RowHeader>{t(`types.${row.type}`)}</RowHeader>
              <Cell data-testid={`due-first-${row.type}`}>{when(row.firstResponseDueAt)}</Cell>
              <Cell data-testid={`due-resolution-${row.type}`}>{when(row.resolutionDueAt)}</Cell>
            </Row>
          ))}
        </DataTable>
      </Card>
      <ScopedIntl namespaces={['staffAdmin']}>
        <SlaSettingsForm values={slaFormValues(config)} timeZones={timeZones} />
      </ScopedIntl>
      <section aria-labelledby="sla-holidays" className="space-y-2">
        <h2 id="sla-holidays" className="text-lg font-semibold">
          {t('holidaysHeading', { year: holidays.year })}
        </h2>
        <ul className="grid gap-1 sm:grid-cols-2 lg:grid-cols-3">
          {holidays.dates.map((d) => (
            <li key={d}>{format.dateTime(new Date(`${d}T12:00:00Z`), { weekday: 'long', day: 'numeric', month: 'long', timeZone: 'UTC' })}</li>
          ))}
        </ul>
      </section>
    </div>
  );
}
