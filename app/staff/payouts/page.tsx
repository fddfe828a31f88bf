import { getTranslations } from 'next-intl/server';
import { getDb } from '@/db';
import { can } from '@/lib/core/authorize';
import { formatMoney } from '@/lib/core/money';
import { formatIban } from '@/lib/payouts/iban';
import { readPayoutAccount } from '@/lib/payouts/payout-account';
import { listPayoutBatches, type PayoutBatchDto } from '@/lib/payouts/queries';
import { getShopSettings } from '@/lib/settings/shop';
import { toActor } from '@/lib/staff/ctx';
import { requireStaffPage } from '../_components/require-staff-page';
import { staffLocale } from '../_components/staff-locale';
import { regionalFormat } from '@/lib/i18n/format';
import { ExportBatchButton, MarkPaidButton, PayoutAccountForm } from './payout-forms';
import { Card } from '../_ui/card';
import { Cell, DataTable, Row } from '../_ui/data-table';
import { EmptyState } from '../_ui/empty-state';
import { ScopedIntl } from '../_ui/scoped-intl';

export async function generateMetadata() {
  const t = await getTranslations({ locale: await staffLocale(), namespace: 'payouts' });
  return { title: t('title') };
}

/**
 * Finance: refunds waiting for a bank transfer (orders paid by invoice, BNPL or bank transfer), the SEPA file
 * for the bank, and "Mark batch paid" once the bank has run it. Admins only; customers' IBANs are masked.
 */
export default async function PayoutsPage() {
  const staff = await requireStaffPage();
  const locale = await staffLocale();
  const t = await getTranslations({ locale, namespace: 'payouts' });
  if (!can(staff, 'payouts.manage')) {
    return (
      <div className="space-y-2">
        <h1 className="text-2xl font-semibold">{t('title')}</h1>
        <p role="alert">{t('adminOnly')}</p>
      </div>
    );
  }
  const db = getDb();
  const format = regionalFormat(locale);
  const [batches, account, shop] = await Promise.all([listPayoutBatches({ db, actor: toActor(staff) }), readPayoutAccount(db), getShopSettings()]);
  const when = (iso: string | null) => (iso ? format.moment(iso, shop.timeZone) : '');
  const open = batches.find((b) => b.status === 'open' && b.currency === 'EUR');
  const closed = batches.filter((b) => b.status !== 'open');

  const itemsTable = (batch: PayoutBatchDto, caption: string) => (
    <DataTable caption={caption} columns={(['order', 'return', 'amount', 'account', 'queued'] as const).map((k) => ({ key: k, label: t(`columns.${k}`) }))} testId="payout-items">
      {batch.items.map((item) => (
        <Row key={item.id}>
          <Cell>{item.orderNumber}</Cell>
          <Cell>{item.rma ?? '—'}</Cell>
          <Cell>{formatMoney(locale, item.amount, item.currency)}</Cell>
          <Cell className="font-mono">{item.ibanMasked ?? t('accountPurged')}</Cell>
          <Cell>{when(item.queuedAt)}</Cell>
        </Row>
      ))}
    </DataTable>
  );

  return (
    <ScopedIntl namespaces={['payouts']}>
      <div className="space-y-4">
        <h1 className="text-2xl font-semibold">{t('title')}</h1>
        <p>{t('intro')}</p>

        <Card title={t('waiting')}>
          {open && open.items.length > 0 ? (
            <>
              <p>{t('waitingSummary', { count: open.count, total: formatMoney(locale, open.total, open.currency) })}</p>
              {itemsTable(open, t('waiting'))}
            </>
          ) : (
            <p>{t('nothingWaiting')}</p>
          )}
          {!account && <p role="note">{t('errors.payoutAccountMissing')}</p>}
          <div className="mt-3">
            <ExportBatchButton disabled={!open || open.items.length === 0 || !account} />
          </div>
        </Card>

        <Card title={t('batches')}>
          {closed.length === 0 ? (
            <EmptyState>{t('noBatches')}</EmptyState>
          ) : (
            <ul className="space-y-4">
              {closed.map((batch) => (
                <li key={batch.id} className="space-y-2 border-t border-[var(--color-line)] pt-3" data-testid="payout-batch">
                  <p>
                    <strong>{batch.messageId}</strong> · {t(`status.${batch.status}`)} · {t('batchSummary', { count: batch.count, total: formatMoney(locale, batch.total, batch.currency) })}
                    <br />
                    <span className="text-sm text-[var(--color-muted)]">
                      {t('exportedAt', { date: when(batch.exportedAt) })}
                      {batch.paidAt ? ` · ${t('paidAt', { date: when(batch.paidAt) })}` : ''}
                    </span>
                  </p>
                  <p>
                    <a href={`/staff/payouts/${batch.id}/file`} download className="text-[var(--accent)] underline">
                      {t('download', { file: `${batch.messageId}.xml` })}
                    </a>
                  </p>
                  {itemsTable(batch, batch.messageId ?? t('batches'))}
                  {batch.status === 'exported' && <MarkPaidButton batchId={batch.id} label={batch.messageId ?? batch.id} />}
                </li>
              ))}
            </ul>
          )}
        </Card>

        <Card title={t('account.title')}>
          <p className="text-sm">{t('account.intro')}</p>
          <PayoutAccountForm initial={{ name: account?.name ?? shop.name, iban: account ? formatIban(account.iban) : '', bic: account?.bic ?? '' }} />
        </Card>
      </div>
    </ScopedIntl>
  );
}
