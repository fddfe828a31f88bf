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
import { claimParcelFacts } from '@/lib/claims/queries';
import { claimableTypes, deliveredQuantities, parcelMayBeNotReceived } from '@/lib/claims/state';
import { todayIn } from '@/lib/time/today';
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
  const [t, messages, facts] = await Promise.all([getTranslations('claims'), getMessages(), claimParcelFacts(db, access!.orderId)]);
  // The same rules the server applies: item problems for what has arrived, "never got it" for a late or "delivered" parcel.
  const today = todayIn(shop.timeZone);
  const types = claimableTypes(facts, today);
  const delivered = deliveredQuantities(facts);
  const claimable = new Set(facts.filter((f) => parcelMayBeNotReceived(f, today)).map((f) => f.id));
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-semibold sm:text-3xl">{t('pageTitle')}</h1>
      <p>{t('intro')}</p>
      {types.length === 0 ? (
        <p className="rounded-xl border border-[var(--color-line)] bg-white p-4" data-testid="claim-nothing-yet">
          {t('nothingYet')}
        </p>
      ) : (
        <NextIntlClientProvider messages={{ claims: messages.claims }}>
          <ClaimForm
            locale={locale}
            orderNumber={order.orderNumber}
            types={types}
            lines={order.lines
              .filter((l) => (delivered.get(l.id) ?? 0) > 0)
              .map((l) => ({ id: l.id, title: l.title, options: l.options, quantity: Math.min(l.quantity, delivered.get(l.id) ?? 0) }))}
            parcels={order.parcels.filter((p) => claimable.has(p.id)).map((p) => ({ id: p.id, carrier: carrierCatalog[p.carrier].name, trackingNumber: p.trackingNumber }))}
          />
        </NextIntlClientProvider>
      )}
      <p>
        <a href={`/${locale}/orders/${encodeURIComponent(order.orderNumber)}`}>{t('status.backToOrder')}</a>
      </p>
    </div>
  );
}
