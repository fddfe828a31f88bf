import type { Metadata } from 'next';
import { NextIntlClientProvider } from 'next-intl';
import { getMessages, getTranslations, setRequestLocale } from 'next-intl/server';
import { toLocale } from '@/lib/i18n/locales';
import { getShopSettings } from '@/lib/settings/shop';
import { WithdrawalFlow } from './_components/withdrawal-flow';

type Params = Promise<{ locale: string }>;

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  const t = await getTranslations({ locale: toLocale((await params).locale), namespace: 'withdrawal' });
  return { title: t('pageTitle') };
}

/**
 * The withdrawal function without a lookup first (legal.md W3): name, order number and the order's
 * email, then the goods, then "Confirm withdrawal". Linked from every page's footer.
 */
export default async function GuestWithdrawalPage({ params }: { params: Params }) {
  const locale = toLocale((await params).locale);
  setRequestLocale(locale);
  const [t, shop, messages] = await Promise.all([getTranslations('withdrawal'), getShopSettings(), getMessages()]);
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-semibold sm:text-3xl" data-no-translation translate="no">
        {t('button')}
      </h1>
      <p>{t('guestIntro')}</p>
      <NextIntlClientProvider messages={{ withdrawal: messages.withdrawal, wizardDraft: messages.wizardDraft }}>
        <WithdrawalFlow locale={locale} shopName={shop.name} order={null} />
      </NextIntlClientProvider>
      {shop.supportEmail && (
        <p className="text-sm text-[var(--color-muted)]">
          {t('contactFallback', { email: shop.supportEmail })}
        </p>
      )}
    </div>
  );
}
