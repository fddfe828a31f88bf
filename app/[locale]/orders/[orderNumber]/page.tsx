import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { getFormatter, getTranslations, setRequestLocale } from 'next-intl/server';
import { getDb } from '@/db';
import { getOrderAccess } from '@/lib/auth/order-access';
import { toLocale } from '@/lib/i18n/locales';
import { findOrderIdByNumber, getCustomerOrder, type ReturnWindowDto } from '@/lib/orders/queries';
import { getShopSettings } from '@/lib/settings/shop';
import { ParcelCard, parcelSummary } from '../../_components/parcel-card';
import { localDate } from '../../_components/dates';
import { ReportProblemSection } from './_components/report-problem-section';
import { WithdrawalSection } from './_components/withdrawal-section';

type Params = Promise<{ locale: string; orderNumber: string }>;

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  const { locale: rawLocale, orderNumber } = await params;
  const locale = toLocale(rawLocale);
  const t = await getTranslations({ locale, namespace: 'order' });
  return { title: t('title', { number: decodeURIComponent(orderNumber).slice(0, 64) }) };
}

export default async function OrderPage({ params }: { params: Params }) {
  const { locale: rawLocale, orderNumber: rawNumber } = await params;
  const locale = toLocale(rawLocale);
  setRequestLocale(locale);
  const orderNumber = decodeURIComponent(rawNumber).slice(0, 64);
  const db = getDb();

  // Without a grant from a lookup in this browser the page shows nothing; the redirect is the
  // same whether or not the order exists.
  const orderId = await findOrderIdByNumber(db, orderNumber);
  const access = orderId ? await getOrderAccess(orderId) : null;
  const shop = await getShopSettings();
  const order = access ? await getCustomerOrder(db, access, shop.timeZone) : null;
  if (!order) redirect(`/${locale}?order=${encodeURIComponent(orderNumber)}`);

  const [t, format] = await Promise.all([getTranslations(), getFormatter()]);
  const money = (minor: number) => format.number(minor / 100, { style: 'currency', currency: order.currency });
  const returnWindowText = (window: ReturnWindowDto) => {
    switch (window.kind) {
      case 'final_sale':
        return t('order.finalSale');
      case 'after_delivery':
        return t('order.returnAfterDelivery');
      case 'open':
        return t('order.returnUntil', { date: localDate(format, window.until) });
      case 'closed':
        return t('order.returnClosed', { date: localDate(format, window.until) });
    }
  };

  return (
    <div className="space-y-8">
      <section aria-labelledby="order-title" className="space-y-3">
        <p className="text-sm text-[var(--color-muted)]">{shop.name}</p>
        <h1 id="order-title" className="text-2xl font-semibold sm:text-3xl">
          {t('order.title', { number: order.orderNumber })}
        </h1>
        <p className="text-[var(--color-muted)]">{t('order.placed', { date: format.dateTime(new Date(order.placedAt), { dateStyle: 'long' }) })}</p>
        {order.parcels.length > 0 ? (
          <ul className="space-y-1" aria-label={t('order.parcels', { count: order.parcels.length })}>
            {order.parcels.map((parcel) => (
              <li key={parcel.id} className="font-medium">
                {parcelSummary(parcel, t, format)}
              </li>
            ))}
          </ul>
        ) : (
          <p className="rounded-xl bg-white p-4">{t('order.notShippedYet')}</p>
        )}
      </section>

      {order.parcels.length > 0 && (
        <section aria-label={t('order.parcels', { count: order.parcels.length })} className="space-y-4">
          {order.parcels.map((parcel, index) => (
            <ParcelCard key={parcel.id} parcel={parcel} index={index + 1} count={order.parcels.length} />
          ))}
        </section>
      )}

      <section aria-labelledby="items-title" className="rounded-2xl border border-[var(--color-line)] bg-white p-5">
        <h2 id="items-title" className="text-xl font-semibold">
          {t('order.items')}
        </h2>
        <ul className="mt-3 divide-y divide-[var(--color-line)]">
          {order.lines.map((line) => (
            <li key={line.id} className="flex flex-wrap items-start justify-between gap-x-4 gap-y-1 py-3">
              <div className="min-w-0 flex-1">
                <p className="font-medium">{line.title}</p>
                {Object.keys(line.options).length > 0 && (
                  <p className="text-sm text-[var(--color-muted)]">{Object.values(line.options).join(' · ')}</p>
                )}
                <p className="mt-1 text-sm">{returnWindowText(line.returnWindow)}</p>
              </div>
              <div className="text-right text-sm">
                <p>{t('order.quantity', { count: line.quantity })}</p>
                <p className="font-medium">{money(line.unitPrice * line.quantity)}</p>
              </div>
            </li>
          ))}
        </ul>
        <p className="mt-3 border-t border-[var(--color-line)] pt-3 text-sm">
          {t('order.total', { amount: money(order.totals.captured), shipping: money(order.totals.shipping) })}
        </p>
      </section>

      {/* labels: claims ("Report a problem") and the EU withdrawal function */}
      <ReportProblemSection orderNumber={order.orderNumber} locale={locale} />
      {orderId && <WithdrawalSection orderId={orderId} locale={locale} />}

      <section className="space-y-1 text-sm text-[var(--color-muted)]">
        <p>{t('order.deliveryTo', { name: order.customerName, postalCode: order.deliveryArea.postalCode, city: order.deliveryArea.city })}</p>
        <p>{t('order.confirmationTo', { email: order.email })}</p>
        <p className="pt-2">
          <a href={`/${locale}`}>{t('common.backToLookup')}</a>
        </p>
      </section>
    </div>
  );
}
