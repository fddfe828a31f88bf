import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { NextIntlClientProvider } from 'next-intl';
import { getMessages, getTranslations, setRequestLocale } from 'next-intl/server';
import { getDb } from '@/db';
import { getVerifiedOrderAccessByNumber } from '@/lib/auth/order-access';
import { carrierCatalog } from '@/lib/carriers/catalog';
import { toLocale } from '@/lib/i18n/locales';
import { getCustomerOrder } from '@/lib/orders/queries';
import { getShopSettings } from '@/lib/settings/shop';
import { ClaimForm } from './_components/claim-form';

type Params = Promise<{ locale: string; orderNumber: string }>;

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  const t = await getTranslations({ locale: toLocale((await params).locale), namespace: 'claims' });
  return { title: t('pageTitle') };
}

export default async function ClaimPage({ params }: { params: Params }) {
  const { locale: raw, orderNumber: rawNumber } = await params;
  const locale = toLocale(raw);
  setRequestLocale(locale);
  const orderNumber = decodeURIComponent(rawNumber).slice(0, 64);
  const db = getDb();
  const access = await getVerifiedOrderAccessByNumber(orderNumber);
  const shop = await getShopSettings();
  const order = access ? await getCustomerOrder(db, access, shop.timeZone) : null;
  if (!order) redirect(`/${locale}?order=${encodeURIComponent(orderNumber)}`);
  const [t, messages] = await Promise.all([getTranslations('claims'), getMessages()]);
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-semibold sm:text-3xl">{t('pageTitle')}</h1>
      <p>{t('intro')}</p>
      <NextIntlClientProvider messages={{ claims: messages.claims }}>
        <ClaimForm
          locale={locale}
          orderNumber={order.orderNumber}
          lines={order.lines.map((l) => ({ id: l.id, title: l.title, options: l.options, quantity: l.quantity }))}
          parcels={order.parcels.map((p) => ({ id: p.id, carrier: carrierCatalog[p.carrier].name, trackingNumber: p.trackingNumber }))}
        />
      </NextIntlClientProvider>
      <p>
        <a href={`/${locale}/orders/${encodeURIComponent(order.orderNumber)}`}>{t('status.backToOrder')}</a>
      </p>
    </div>
  );
}
