import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { NextIntlClientProvider } from 'next-intl';
import { getMessages, getTranslations, setRequestLocale } from 'next-intl/server';
import { getDb } from '@/db';
import { getVerifiedOrderAccessByNumber } from '@/lib/auth/order-access';
import { toLocale } from '@/lib/i18n/locales';
import { getReturnWizard } from '@/lib/returns/queries';
import { getShopSettings } from '@/lib/settings/shop';
import { ReturnWizard } from './_components/return-wizard';

type Params = Promise<{ locale: string; orderNumber: string }>;

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  const locale = toLocale((await params).locale);
  const t = await getTranslations({ locale, namespace: 'returnWizard' });
  return { title: t('title') };
}

export default async function ReturnWizardPage({ params }: { params: Params }) {
  const { locale: rawLocale, orderNumber: rawNumber } = await params;
  const locale = toLocale(rawLocale);
  setRequestLocale(locale);
  const orderNumber = decodeURIComponent(rawNumber).slice(0, 64);
  const db = getDb();
  const access = await getVerifiedOrderAccessByNumber(orderNumber);
  const shop = await getShopSettings();
  const data = access ? await getReturnWizard(db, access, locale, shop.timeZone) : null;
  if (!data) redirect(`/${locale}?order=${encodeURIComponent(orderNumber)}`);

  const t = await getTranslations('returnWizard');
  const { returnWizard, returns, photos, servicePoints, wizardDraft, refundAccount, shipNow } = await getMessages();
  return (
    <div className="space-y-4">
      <p>
        <a href={`/${locale}/orders/${encodeURIComponent(data.orderNumber)}`}>{t('backToOrder', { number: data.orderNumber })}</a>
      </p>
      <h1 className="text-2xl font-semibold sm:text-3xl">{t('title')}</h1>
      <p className="text-[var(--color-muted)]">{t('intro', { days: data.windowDays })}</p>
      <noscript>
        <p className="rounded-xl border border-[var(--color-warn)] bg-[var(--color-warn-bg)] p-4">{t('noScript', { email: shop.supportEmail ?? '' })}</p>
      </noscript>
      <NextIntlClientProvider messages={{ returnWizard, returns, photos, servicePoints, wizardDraft, refundAccount, shipNow }}>
        <ReturnWizard data={data} locale={locale} />
      </NextIntlClientProvider>
    </div>
  );
}
