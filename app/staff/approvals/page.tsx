import Link from 'next/link';
import { getTranslations } from 'next-intl/server';
import { getDb } from '@/db';
import { pendingApprovals } from '@/lib/compensations/queries';
import { formatMoney } from '@/lib/core/money';
import { getShopSettings } from '@/lib/settings/shop';
import { requireStaffPage } from '../_components/require-staff-page';
import { StaffFormsIntl } from '../_components/scoped-intl';
import { staffLocale } from '../_components/staff-locale';
import { regionalFormat } from '@/lib/i18n/format';
import { Decision } from './decision';
import { can } from '@/lib/core/authorize';
import { Cell, DataTable, Row } from '../_ui/data-table';
import { EmptyState } from '../_ui/empty-state';

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
  const format = regionalFormat(locale);
  const [rows, shop] = await Promise.all([pendingApprovals(getDb()), getShopSettings()]);
  return (
    <div className="space-y-4">
      <h1 className="text-2xl font-semibold">{t('title')}</h1>
      <p>{t('intro')}</p>
      {rows.length === 0 ? (
        <EmptyState>{t('empty')}</EmptyState>
      ) : (
        <DataTable caption={t('caption')} columns={(['requested', 'case', 'kind', 'amount', 'reason', 'by', 'actions'] as const).map((k) => ({ key: k, label: t(k) }))}>
          <StaffFormsIntl form="approvals">
            {rows.map((row) => {
              const amount = formatMoney(locale, row.amount, row.currency);
              const label = `${tg(`kinds.${row.kind}`)} ${amount} · ${row.orderNumber}`;
              return (
                <Row key={row.id} data-testid="approval-row">
                  <Cell>{format.dateTime(row.createdAt, { dateStyle: 'medium', timeStyle: 'short', timeZone: shop.timeZone })}</Cell>
                  <Cell>
                    {row.caseId ? (
                      <Link href={`/staff/cases/${row.caseId}`} className="text-[var(--accent)] underline">
                        {t('caseLink', { number: row.caseNumber ?? 0 })}
                      </Link>
                    ) : (
                      row.orderNumber
                    )}
                  </Cell>
                  <Cell>{tg(`kinds.${row.kind}`)}</Cell>
                  <Cell className="font-semibold">{amount}</Cell>
                  <Cell>{row.reason}</Cell>
                  <Cell>{row.requestedBy ?? '—'}</Cell>
                  <Cell>
                    <Decision compensationId={row.id} amount={amount} label={label} />
                  </Cell>
                </Row>
              );
            })}
          </StaffFormsIntl>
        </DataTable>
      )}
    </div>
  );
}
