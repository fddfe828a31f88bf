import { getTranslations } from 'next-intl/server';
import { REPORT_IDS, REPORT_TABLES } from '@/lib/reports/definitions';
import { reportsTranslator, type ReportsT } from '@/lib/reports/labels';
import { listReportSchedules } from '@/lib/reports/list-report-schedules';
import { SEND_HOUR } from '@/lib/reports/report-schedules';
import { getShopSettings } from '@/lib/settings/shop';
import { toActor } from '@/lib/staff/ctx';
import { staffLocale } from '../../_components/staff-locale';
import { regionalFormat } from '@/lib/i18n/format';
import { ScopedIntl } from '../../_ui/scoped-intl';
import { requireAdminPage } from '../_admin/require-admin-page';
import { ReportSchedules } from './report-schedules';

export async function generateMetadata() {
  const t = await getTranslations({ locale: await staffLocale(), namespace: 'staffAdmin.reportSchedules' });
  return { title: t('title') };
}

/** Report CSVs emailed to staff members on a schedule: the list (with each one's last send) and the form. */
export default async function ReportSchedulesPage() {
  const admin = await requireAdminPage();
  const locale = await staffLocale();
  const t = await getTranslations({ locale, namespace: 'staffAdmin.reportSchedules' });
  const tr = await reportsTranslator(locale);
  const format = regionalFormat(locale);
  const shop = await getShopSettings();
  const { schedules, staff } = await listReportSchedules({ db: admin.db, actor: toActor(admin.staff) });
  const key = (k: string) => k as Parameters<ReportsT>[0];
  const reports = REPORT_IDS.map((id) => ({ id, title: tr(key(`reports.${id}.title`)), tables: REPORT_TABLES[id].map((table) => ({ id: table, title: tr(key(`tables.${id}.${table}`)) })) }));
  const rows = schedules.map((s) => ({
    ...s,
    lastSendText: s.lastSend ? format.dateTime(new Date(s.lastSend.at), { dateStyle: 'medium', timeStyle: 'short', timeZone: shop.timeZone }) : null,
  }));
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-semibold">{t('title')}</h1>
      <p className="max-w-prose">{t('intro', { time: `${String(SEND_HOUR).padStart(2, '0')}:00`, timeZone: shop.timeZone })}</p>
      <ScopedIntl namespaces={['staffAdmin']}>
        <ReportSchedules schedules={rows} staff={staff} reports={reports} defaultLocale={locale === 'fi' || locale === 'sv' ? locale : 'en'} />
      </ScopedIntl>
    </div>
  );
}
