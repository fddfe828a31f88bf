import { getTranslations } from 'next-intl/server';
import { getDb } from '@/db';
import { getVerifiedOrderAccessByNumber } from '@/lib/auth/order-access';
import type { Locale } from '@/lib/i18n/locales';
import { lineEligibility, orderRefusal } from '@/lib/returns/policy';
import { listOrderReturns, loadPolicy, loadPolicyLines, openReturnCount, readReturnOrderFacts } from '@/lib/returns/queries';
import { refusalMessage, type ReturnsTranslate } from '@/lib/returns/refusal-message';
import { getShopSettings } from '@/lib/settings/shop';
import { localDate } from '../../../_components/dates';
import { getPageDates } from '../../../_components/page-dates';

/**
 * The order page's returns block: how returning works (plain HTML, fine without JavaScript),
 * "Start a return", and the order's returns with links to their status pages.
 */
export async function ReturnEntry({ orderNumber, locale }: { orderNumber: string; locale: Locale }) {
  const db = getDb();
  const access = await getVerifiedOrderAccessByNumber(orderNumber);
  if (!access) return null;
  const { orderId } = access;
  const [policy, list, lines, order, shop, t, tReturns, dates] = await Promise.all([
    loadPolicy(db),
    listOrderReturns(db, orderId),
    loadPolicyLines(db, orderId),
    readReturnOrderFacts(db, orderId),
    getShopSettings(),
    getTranslations('returns.entry'),
    getTranslations('returns'),
    getPageDates(),
  ]);
  if (!order) return null;
  const blocked = orderRefusal(policy, { market: order.market, currency: order.currency, canceled: order.canceledAt !== null, openReturns: openReturnCount(list) });
  const now = new Date();
  const anyReturnable = lines.some((line) => lineEligibility(policy, line, now, shop.timeZone).eligible);
  return (
    <section aria-labelledby="returns-title" className="rounded-2xl border border-[var(--color-line)] bg-white p-5">
      <h2 id="returns-title" className="text-xl font-semibold">
        {t('title')}
      </h2>
      <p className="mt-2">{t('howTo', { days: policy.windowDays })}</p>
      {blocked ? (
        <p className="mt-4 rounded-lg bg-[var(--color-canvas)] p-3">{refusalMessage(tReturns as unknown as ReturnsTranslate, blocked, { locale, currency: order.currency })}</p>
      ) : !anyReturnable ? (
        <p className="mt-4 rounded-lg bg-[var(--color-canvas)] p-3">{t('nothingReturnable')}</p>
      ) : (
        <p className="mt-4">
          <a
            href={`/${locale}/orders/${encodeURIComponent(orderNumber)}/return`}
            className="inline-flex min-h-12 items-center justify-center rounded-xl bg-[var(--accent)] px-5 font-semibold text-[var(--accent-contrast)] no-underline"
          >
            {t('start')}
          </a>
        </p>
      )}
      {list.length > 0 && (
        <>
          <h3 className="mt-5 font-semibold">{t('yourReturns')}</h3>
          <ul className="mt-2 space-y-2">
            {list.map((r) => (
              <li key={r.rma}>
                <a href={`/${locale}/returns/${r.rma}`}>{r.rma}</a>{' '}
                {t('summary', { status: t(`status.${r.status}`), count: r.itemCount, date: localDate(dates, r.requestedAt) })}
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
