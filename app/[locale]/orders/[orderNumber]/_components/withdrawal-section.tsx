import { getTranslations } from 'next-intl/server';
import { getDb } from '@/db';
import { findOrderIdByNumber } from '@/lib/orders/queries';
import { getShopSettings } from '@/lib/settings/shop';
import { getWithdrawalContext } from '@/lib/withdrawals/queries';
import { localDate, localDateTime } from '../../../_components/dates';
import { getPageDates } from '../../../_components/page-dates';

const buttonClass =
  'inline-flex min-h-12 items-center justify-center rounded-xl bg-[var(--accent)] px-5 text-base font-semibold text-[var(--accent-contrast)] no-underline hover:opacity-95';

/**
 * The EU withdrawal function on the order page, with the official label, for the whole period
 * (also before delivery); after it an explanation with the dates and a contact — never nothing.
 */
export async function WithdrawalSection({ orderNumber, locale }: { orderNumber: string; locale: string }) {
  const db = getDb();
  const orderId = await findOrderIdByNumber(db, orderNumber);
  const context = orderId ? await getWithdrawalContext(db, orderId, new Date(), await getShopSettings()) : null;
  if (!context) return null;
  const [t, dates] = await Promise.all([getTranslations('withdrawal'), getPageDates()]);
  const { period, order, shop } = context;
  const day = (date: string) => localDate(dates, date, 'long');

  return (
    <section id="withdrawal" aria-labelledby="withdrawal-title" className="space-y-3 rounded-2xl border border-[var(--color-line)] bg-white p-5" data-testid="withdrawal-section">
      <h2 id="withdrawal-title" className="text-xl font-semibold">
        {t('sectionTitle')}
      </h2>
      {context.previous.map((p) => (
        <p key={p.receiptNumber}>{t('previous', { receipt: p.receiptNumber, date: localDateTime(dates, p.submittedAt) })}</p>
      ))}
      {period.kind === 'not_started' && <p>{t('openNotStarted')}</p>}
      {period.kind === 'open' && <p>{t('openUntil', { date: day(period.until), delivered: day(period.lastDeliveredOn) })}</p>}
      {(period.kind === 'open' || period.kind === 'not_started') && (
        <a href={`/${locale}/orders/${encodeURIComponent(order.orderNumber)}/withdraw`} className={buttonClass} data-no-translation translate="no">
          {t('button')}
        </a>
      )}
      {period.kind === 'closed' && (
        <>
          <p>{t('closed', { date: day(period.until), delivered: day(period.lastDeliveredOn) })}</p>
          {shop.supportEmail && <p>{t('closedHelp', { email: shop.supportEmail })}</p>}
        </>
      )}
      {period.kind === 'canceled' && <p>{t('canceled')}</p>}
    </section>
  );
}
