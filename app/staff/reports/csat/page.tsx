import { getFormatter, getTranslations } from 'next-intl/server';
import { getDb } from '@/db';
import { csatReport } from '@/lib/csat/queries';
import { requireStaffPage } from '../../_components/require-staff-page';
import { staffLocale } from '../../_components/staff-locale';

export async function generateMetadata() {
  const t = await getTranslations({ locale: await staffLocale(), namespace: 'csat.staff' });
  return { title: t('reportTitle') };
}

/** Satisfaction overall and per agent (the assignee when the survey went out). */
export default async function CsatReportPage() {
  await requireStaffPage();
  const locale = await staffLocale();
  const t = await getTranslations({ locale, namespace: 'csat.staff' });
  const format = await getFormatter({ locale });
  const report = await csatReport(getDb());
  const avg = (v: number | null) => (v == null ? '—' : format.number(v, { maximumFractionDigits: 2 }));
  const share = (satisfied: number, answers: number) => (answers ? format.number(satisfied / answers, { style: 'percent' }) : '—');
  return (
    <div className="space-y-4">
      <h1 className="text-2xl font-semibold">{t('reportTitle')}</h1>
      <section aria-labelledby="csat-overall" className="rounded-lg border border-[var(--color-line)] bg-white p-4">
        <h2 id="csat-overall" className="text-lg font-semibold">
          {t('overall')}
        </h2>
        <dl className="mt-2 grid grid-cols-2 gap-2 sm:grid-cols-4" data-testid="csat-overall">
          <div>
            <dt className="text-sm text-[var(--color-muted)]">{t('surveys')}</dt>
            <dd className="text-xl font-semibold">{report.overall.sent}</dd>
          </div>
          <div>
            <dt className="text-sm text-[var(--color-muted)]">{t('answers')}</dt>
            <dd className="text-xl font-semibold">{report.overall.answers}</dd>
          </div>
          <div>
            <dt className="text-sm text-[var(--color-muted)]">{t('average')}</dt>
            <dd className="text-xl font-semibold">{avg(report.overall.average)}</dd>
          </div>
          <div>
            <dt className="text-sm text-[var(--color-muted)]">{t('satisfied')}</dt>
            <dd className="text-xl font-semibold">{share(report.overall.satisfied, report.overall.answers)}</dd>
          </div>
        </dl>
      </section>
      <section aria-labelledby="csat-agents" className="rounded-lg border border-[var(--color-line)] bg-white p-4">
        <h2 id="csat-agents" className="text-lg font-semibold">
          {t('perAgent')}
        </h2>
        {report.agents.length === 0 ? (
          <p>{t('noData')}</p>
        ) : (
          <table className="mt-2 w-full text-left text-sm">
            <caption className="sr-only">{t('captionAgents')}</caption>
            <thead>
              <tr className="border-b border-[var(--color-line)]">
                <th scope="col" className="p-2">{t('agent')}</th>
                <th scope="col" className="p-2">{t('surveys')}</th>
                <th scope="col" className="p-2">{t('answers')}</th>
                <th scope="col" className="p-2">{t('average')}</th>
                <th scope="col" className="p-2">{t('satisfied')}</th>
              </tr>
            </thead>
            <tbody>
              {report.agents.map((row) => (
                <tr key={row.agentId ?? 'none'} className="border-b border-[var(--color-line)]">
                  <th scope="row" className="p-2 font-normal">{row.name ?? t('unassigned')}</th>
                  <td className="p-2">{row.sent}</td>
                  <td className="p-2">{row.answers}</td>
                  <td className="p-2">{avg(row.average)}</td>
                  <td className="p-2">{share(row.satisfied, row.answers)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </div>
  );
}
