import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { getFormatter, getTranslations, setRequestLocale } from 'next-intl/server';
import { getDb } from '@/db';
import { getVerifiedOrderAccessByNumber, readOrderGrants } from '@/lib/auth/order-access';
import { toLocale } from '@/lib/i18n/locales';
import { getCustomerOrderByNumber, type ReturnWindowDto } from '@/lib/orders/queries';
import { listOpenReturns } from '@/lib/returns/open-returns';
import { getShopSettings } from '@/lib/settings/shop';
import { countTrackingView } from '@/lib/reports/tracking-views';
import { localDate } from '../../_components/dates';
import { ProductImage } from '../../_components/product-image';
import { AskEntry } from './_components/ask-entry';
import { DelayBanner } from './_components/delay-banner';
import { OrderContact } from './_components/order-contact';
import { orderSummaryText } from './_components/order-summary-text';
import { ReportProblemSection } from './_components/report-problem-section';
import { ReturnEntry } from './_components/return-entry';
import { TrackingSection } from './_components/tracking-section';
import { WithdrawalSection } from './_components/withdrawal-section';

type Params = Promise<{ locale: string; orderNumber: string }>;

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  const { locale: rawLocale, orderNumber } = await params;
  const locale = toLocale(rawLocale);
  const t = await getTranslations({ locale, namespace: 'order' });
  // Reached from tracking links too: no Referer leaves this page (LK-15).
  return { title: t('title', { number: safeDecode(orderNumber).slice(0, 64) }), referrer: 'no-referrer' };
}

export default async function OrderPage({ params }: { params: Params }) {
  const { locale: rawLocale, orderNumber: rawNumber } = await params;
  const locale = toLocale(rawLocale);
  setRequestLocale(locale);
  const orderNumber = safeDecode(rawNumber).slice(0, 64);
  const db = getDb();

  // Without a grant from a lookup in this browser the page shows nothing; the redirect is the
  // same whether or not the order exists.
  // One query decides access and reads the whole order (the grants come from the signed cookie).
  const [grants, shop] = await Promise.all([readOrderGrants(), getShopSettings()]);
  const order = await getCustomerOrderByNumber(db, orderNumber, grants, shop.timeZone);
  if (!order) redirect(`/${locale}?order=${encodeURIComponent(orderNumber)}`);
  countTrackingView(); // reports: "where is my order" deflection (an in-memory count, flushed every few seconds)

  const [t, format, access] = await Promise.all([
    getTranslations(),
    getFormatter(),
    order.view === 'verified' ? getVerifiedOrderAccessByNumber(order.orderNumber) : null,
  ]);
  // The first screen answers: one sentence for the whole order, with any return or exchange under way.
  const openReturns = access ? await listOpenReturns(db, access.orderId) : [];
  const summary = await orderSummaryText(order.parcels, openReturns);
  const dates = { locale, timeZone: shop.timeZone };
  const money = (minor: number) => format.number(minor / 100, { style: 'currency', currency: order.currency });
  const returnWindowText = (window: ReturnWindowDto) => {
    switch (window.kind) {
      case 'final_sale':
        return t('order.finalSale');
      case 'after_delivery':
        return t('order.returnAfterDelivery');
      case 'open':
        return t('order.returnUntil', { date: localDate(dates, window.until) });
      case 'closed':
        return t('order.returnClosed', { date: localDate(dates, window.until) });
    }
  };

  return (
    <div className="space-y-8">
      <section aria-labelledby="order-title" aria-describedby={summary.returns.length > 0 ? 'order-summary-returns' : undefined} className="space-y-3">
        <p className="text-sm text-[var(--color-muted)]">{shop.name}</p>
        {/* The heading is the answer: screen readers meet the sentence first, with the order number before it. */}
        <h1 id="order-title" className="space-y-1">
          <span className="block text-base font-medium text-[var(--color-muted)]">{t('order.title', { number: order.orderNumber })}</span>{' '}
          <span className="block text-2xl font-semibold sm:text-3xl" data-testid="order-summary">
            {summary.sentence}
          </span>
        </h1>
        {summary.returns.length > 0 && (
          <p id="order-summary-returns" className="text-lg" data-testid="order-summary-returns">
            {summary.returns.join('. ')}
          </p>
        )}
        <p className="text-[var(--color-muted)]">{t('order.placed', { date: localDate(dates, order.placedAt, 'long') })}</p>
        <DelayBanner orderNumber={order.orderNumber} view={order.view} locale={locale} />
        <TrackingSection
          tracking={{ orderNumber: order.orderNumber, view: order.view, parcels: order.parcels }}
          links={{
            orderNumber: order.orderNumber,
            claimHref: order.view === 'verified' ? `/${locale}/orders/${encodeURIComponent(order.orderNumber)}/claim` : null,
            supportEmail: shop.supportEmail ?? null,
          }}
        />
      </section>

      <section aria-labelledby="items-title" className="rounded-2xl border border-[var(--color-line)] bg-white p-5">
        <h2 id="items-title" className="text-xl font-semibold">
          {t('order.items')}
        </h2>
        <ul className="mt-3 divide-y divide-[var(--color-line)]">
          {order.lines.map((line) => (
            <li key={line.id} className="flex flex-wrap items-start justify-between gap-x-4 gap-y-1 py-3">
              {/* The title is right beside it: an empty alt, so screen readers do not read it twice. */}
              <ProductImage image={line.image} />
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

      <ReturnEntry orderNumber={order.orderNumber} locale={locale} />
      <ReportProblemSection orderNumber={order.orderNumber} locale={locale} />
      <WithdrawalSection orderNumber={order.orderNumber} locale={locale} />
      {order.view === 'verified' && <AskEntry orderNumber={order.orderNumber} locale={locale} />}

      <OrderContact order={order} locale={locale} />
    </div>
  );
}
