import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { NextIntlClientProvider } from 'next-intl';
import { getMessages, getTranslations, setRequestLocale } from 'next-intl/server';
import { getDb } from '@/db';
import { getVerifiedOrderAccessByNumber, readOrderGrants } from '@/lib/auth/order-access';
import { carrierName } from '@/lib/carriers/catalog';
import { toLocale } from '@/lib/i18n/locales';
import { getCustomerOrderByNumber } from '@/lib/orders/queries';
import { countTrackingView } from '@/lib/reports/tracking-views';
import { listOpenReturns } from '@/lib/returns/open-returns';
import { getShopSettings } from '@/lib/settings/shop';
import { localDate } from '../../../_components/dates';
import { getPageDates } from '../../../_components/page-dates';
import { orderSummaryText } from '../_components/order-summary-text';
import { AskForm } from './ask-form';

type Params = Promise<{ locale: string; orderNumber: string }>;

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  const t = await getTranslations({ locale: toLocale((await params).locale), namespace: 'firstScreen.ask' });
  return { title: t('entryLink'), referrer: 'no-referrer' };
}

/**
 * "Ask about this order": first what we already know (the summary, each parcel's state and estimate,
 * returns under way), then, if the customer still writes, a question case with the order attached;
 * the answer comes by email. A view here counts as a tracking view in the deflection report, and the
 * questions sent are its question cases, so the report shows how many the answers kept from writing.
 */
export default async function AskAboutOrderPage({ params }: { params: Params }) {
  const { locale: raw, orderNumber: rawNumber } = await params;
  const locale = toLocale(raw);
  setRequestLocale(locale);
  let orderNumber = rawNumber;
  try {
    orderNumber = decodeURIComponent(rawNumber).slice(0, 64);
  } catch {
    orderNumber = rawNumber.slice(0, 64);
  }
  const db = getDb();
  const [grants, shop, access] = await Promise.all([readOrderGrants(), getShopSettings(), getVerifiedOrderAccessByNumber(orderNumber)]);
  const order = access ? await getCustomerOrderByNumber(db, orderNumber, grants, shop.timeZone) : null;
  if (!access || !order || order.view !== 'verified') redirect(`/${locale}?order=${encodeURIComponent(orderNumber)}`);
  countTrackingView();

  const [t, dates, messages, openReturns] = await Promise.all([getTranslations(), getPageDates(), getMessages(), listOpenReturns(db, access.orderId)]);
  const summary = await orderSummaryText(order.parcels, openReturns);
  const orderHref = `/${locale}/orders/${encodeURIComponent(order.orderNumber)}`;

  return (
    <div className="space-y-6">
      <p>
        <a href={orderHref}>{t('firstScreen.ask.backToOrder')}</a>
      </p>
      <h1 className="text-2xl font-semibold sm:text-3xl">{t('firstScreen.ask.title', { number: order.orderNumber })}</h1>
      <section aria-labelledby="known-title" className="space-y-3 rounded-2xl border border-[var(--color-line)] bg-white p-5" data-testid="ask-known">
        <h2 id="known-title" className="text-xl font-semibold">
          {t('firstScreen.ask.knownTitle')}
        </h2>
        <p className="text-lg font-medium">{summary.sentence}</p>
        {summary.returns.length > 0 && <p>{summary.returns.join('. ')}</p>}
        {order.parcels.length > 0 && (
          <ul className="space-y-1">
            {order.parcels.map((parcel) => (
              <li key={parcel.id}>
                {carrierName(parcel.carrier)}: {t(`parcel.status.${parcel.status}`)}
                {parcel.expectedDate && <> · {t('firstScreen.ask.expected', { date: localDate(dates, parcel.expectedDate) })}</>}
              </li>
            ))}
          </ul>
        )}
        <p>
          <a href={orderHref}>{t('firstScreen.ask.seeDetails')}</a>
        </p>
      </section>
      <section aria-labelledby="still-title" className="space-y-3 rounded-2xl border border-[var(--color-line)] bg-white p-5">
        <h2 id="still-title" className="text-xl font-semibold">
          {t('firstScreen.ask.stillTitle')}
        </h2>
        <NextIntlClientProvider messages={{ firstScreen: { ask: messages.firstScreen.ask } }}>
          <AskForm orderNumber={order.orderNumber} email={order.email} />
        </NextIntlClientProvider>
      </section>
    </div>
  );
}
