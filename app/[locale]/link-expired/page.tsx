import type { Metadata } from 'next';
import { getTranslations, setRequestLocale } from 'next-intl/server';
import { toLocale } from '@/lib/i18n/locales';
import { FormMessages } from '../_components/form-messages';
import { LookupForm } from '../_components/lookup-form';

export async function generateMetadata({ params }: { params: Promise<{ locale: string }> }): Promise<Metadata> {
  const t = await getTranslations({ locale: toLocale((await params).locale), namespace: 'trackingLink' });
  return { title: t('invalidTitle'), referrer: 'no-referrer' };
}

/** Where an expired, revoked or unknown tracking link lands: say so kindly and offer the lookup. */
export default async function LinkExpiredPage({ params }: { params: Promise<{ locale: string }> }) {
  const locale = toLocale((await params).locale);
  setRequestLocale(locale);
  const [t, tl] = await Promise.all([getTranslations('trackingLink'), getTranslations('lookup')]);
  return (
    <div className="mx-auto max-w-md">
      <div className="rounded-2xl border border-[var(--color-line)] bg-white p-5 shadow-sm sm:p-8">
        <h1 className="text-2xl font-semibold sm:text-3xl">{t('invalidTitle')}</h1>
        <p className="mt-2">{t('invalidBody')}</p>
        <h2 className="mt-6 text-lg font-semibold">{tl('title')}</h2>
        <FormMessages namespace="lookup">
          <LookupForm locale={locale} defaultOrderNumber="" />
        </FormMessages>
      </div>
    </div>
  );
}
