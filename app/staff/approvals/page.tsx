import Link from 'next/link';
import { getFormatter, getTranslations } from 'next-intl/server';
import { getDb } from '@/db';
import { pendingApprovals } from '@/lib/compensations/queries';
import { formatMoney } from '@/lib/core/money';
import { getShopSettings } from '@/lib/settings/shop';
import { requireStaffPage } from '../_components/require-staff-page';
import { StaffFormsIntl } from '../_components/scoped-intl';
import { staffLocale } from '../_components/staff-locale';
import { Decision } from './decision';
import { can } from '@/lib/core/authorize';

export async function generateMetadata() {
  const t = await getTranslations({ locale: await staffLocale(), namespace: 'approvals' });
  return { title: t('title') };
}

/** The admins' queue of compensations above an agent's limit. Agents see why they cannot act here. */
export default async function ApprovalsPage() {
  const staff = await requireStaffPage();
  const locale = await staffLocale();
  const t = await getTranslations({ locale, namespace: 'approvals' });
  const tg = await getTranslations({ locale, namespace: 'goodwill' });
  if (!can(staff, 'compensations.approve')) {
    return (
      <div className="space-y-2">
        <h1 className="text-2xl font-semibold">{t('title')}</h1>
        <p role="alert">{t('adminOnly')}</p>
      </div>
    );
  }
  const format = await getFormatter({ locale });
  const [rows, shop] = await Promise.all([pendingApprovals(getDb()), getShopSettings()]);
  return (
    <div className="space-y-4">
      <h1 className="text-2xl font-semibold">{t('title')}</h1>
      <p>{t('intro')}</p>
      {rows.length === 0 ? (
        <p>{t('empty')}</p>
      ) : (
        <div className="overflow-x-auto rounded-lg border border-[var(--color-line)] bg-white" tabIndex={0} role="region" aria-label={t('caption')}>
          <table className="w-full text-left text-sm">
            <caption className="sr-only">{t('caption')}</caption>
            <thead>
              <tr className="border-b border-[var(--color-line)]">
                {(['requested', 'case', 'kind', 'amount', 'reason', 'by', 'actions'] as const).map((k) => (
                  <th key={k} scope="col" className="p-2">
                    {t(k)}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              <StaffFormsIntl>
                {rows.map((row) => {
                  const amount = formatMoney(locale, row.amount, row.currency);
                  const label = `${tg(`kinds.${row.kind}`)} ${amount} · ${row.orderNumber}`;
                  return (
                    <tr key={row.id} className="border-b border-[var(--color-line)] align-top" data-testid="approval-row">
                      <td className="p-2">{format.dateTime(row.createdAt, { dateStyle: 'medium', timeStyle: 'short', timeZone: shop.timeZone })}</td>
                      <td className="p-2">
                        {row.caseId ? (
                          <Link href={`/staff/cases/${row.caseId}`} className="text-[var(--accent)] underline">
                            {t('caseLink', { number: row.caseNumber ?? 0 })}
                          </Link>
                        ) : (
                          row.orderNumber
                        )}
                      </td>
                      <td className="p-2">{tg(`kinds.${row.kind}`)}</td>
                      <td className="p-2 font-semibold">{amount}</td>
                      <td className="p-2">{row.reason}</td>
                      <td className="p-2">{row.requestedBy ?? '—'}</td>
                      <td className="p-2">
                        <Decision compensationId={row.id} amount={amount} label={label} />
                      </td>
                    </tr>
                  );
                })}
              </StaffFormsIntl>
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
