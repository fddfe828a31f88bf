import Link from 'next/link';
import { can } from '@/lib/core/authorize';
import { REPORT_IDS } from '@/lib/reports/definitions';
import { reportsTranslator } from '@/lib/reports/labels';
import { getShopSettings } from '@/lib/settings/shop';
import { requireStaffPage } from '../_components/require-staff-page';
import { staffLocale } from '../_components/staff-locale';

export async function generateMetadata() {
  const t = await reportsTranslator(await staffLocale());
  return { title: t('title') };
}

/** The reports, one link each (agents and admins may read all of them). */
export default async function ReportsPage() {
  const staff = await requireStaffPage();
  const t = await reportsTranslator(staff.locale);
  const shop = await getShopSettings();
  return (
    <div className="space-y-4">
      <h1 className="text-2xl font-semibold">{t('title')}</h1>
      <p className="max-w-prose">{t('intro', { timeZone: shop.timeZone })}</p>
      {/* Only admins manage the emailed schedules (settings); agents download a CSV from each report. */}
      {can(staff, 'settings.manage') && (
        <p>
          <Link href="/staff/settings/reports" className="text-[var(--accent)] underline">
            {t('schedulesLink')}
          </Link>
        </p>
      )}
      <ul className="grid gap-3 sm:grid-cols-2 lg:grid-cols-3">
        {REPORT_IDS.map((id) => (
          <li key={id} className="rounded-lg border border-[var(--color-line)] bg-white p-4">
            <h2 className="text-lg font-semibold">
              <Link href={`/staff/reports/${id}`} className="underline">
                {t(`reports.${id}.title`)}
              </Link>
            </h2>
            <p className="mt-1 text-sm">{t(`reports.${id}.description`)}</p>
          </li>
        ))}
      </ul>
    </div>
  );
}
