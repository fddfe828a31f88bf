import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { NextIntlClientProvider } from 'next-intl';
import { getMessages, getTranslations, setRequestLocale } from 'next-intl/server';
import { getDb } from '@/db';
import { getVerifiedOrderAccessByNumber } from '@/lib/auth/order-access';
import { toLocale } from '@/lib/i18n/locales';
import { getShopSettings } from '@/lib/settings/shop';
import { getWithdrawalContext } from '@/lib/withdrawals/queries';
import { canWithdraw } from '@/lib/withdrawals/state';
import { WithdrawalFlow } from '../../../withdraw/_components/withdrawal-flow';

type Params = Promise<{ locale: string; orderNumber: string }>;

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  const t = await getTranslations({ locale: toLocale((await params).locale), namespace: 'withdrawal' });
  return { title: t('pageTitle') };
}

/** The withdrawal function for an order already open in this browser: the order is not asked again. */
export default async function OrderWithdrawalPage({ params }: { params: Params }) {
  const { locale: raw, orderNumber: rawNumber } = await params;
  const locale = toLocale(raw);
  setRequestLocale(locale);
  const orderNumber = decodeURIComponent(rawNumber).slice(0, 64);
  const db = getDb();
  const access = await getVerifiedOrderAccessByNumber(orderNumber);
  // Without access the guest form still works: it asks for the order number and email.
  if (!access) redirect(`/${locale}/withdraw`);
  const { orderId } = access;
  const context = await getWithdrawalContext(db, orderId);
  if (!context || !canWithdraw(context.period)) redirect(`/${locale}/orders/${encodeURIComponent(orderNumber)}#withdrawal`);
  const [t, shop, messages] = await Promise.all([getTranslations('withdrawal'), getShopSettings(), getMessages()]);
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-semibold sm:text-3xl" data-no-translation translate="no">
        {t('button')}
      </h1>
      <p>{t('orderIntro', { number: context.order.orderNumber })}</p>
      <NextIntlClientProvider messages={{ withdrawal: messages.withdrawal, wizardDraft: messages.wizardDraft }}>
        <WithdrawalFlow
          locale={locale}
          shopName={shop.name}
          order={{ orderNumber: context.order.orderNumber, lines: context.lines }}
          defaults={{ name: context.order.customerName, email: context.order.email }}
        />
      </NextIntlClientProvider>
    </div>
  );
}
