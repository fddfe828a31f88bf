import type { Metadata } from 'next';
import { getTranslations, setRequestLocale } from 'next-intl/server';
import { toLocale } from '@/lib/i18n/locales';
import { FormMessages } from '../_components/form-messages';
import { AccessLinkRequestForm } from '../_components/access-link-request-form';

export async function generateMetadata({ params }: { params: Promise<{ locale: string }> }): Promise<Metadata> {
  const t = await getTranslations({ locale: toLocale((await params).locale), namespace: 'customerAccess' });
  return { title: t('requestTitle') };
}

/** "Email me a link" from the lookup page: the order number only; the link goes to the email on the order. */
export default async function RequestAccessLinkPage({ params, searchParams }: { params: Promise<{ locale: string }>; searchParams: Promise<{ order?: string | string[] }> }) {
  const locale = toLocale((await params).locale);
  setRequestLocale(locale);
  const t = await getTranslations('customerAccess');
  const { order } = await searchParams;
  return (
    <div className="mx-auto max-w-md">
      <div className="rounded-2xl border border-[var(--color-line)] bg-white p-5 shadow-sm sm:p-8">
        <h1 className="text-2xl font-semibold sm:text-3xl">{t('requestTitle')}</h1>
        <p className="mt-2 text-[var(--color-muted)]">{t('requestIntro')}</p>
        <FormMessages namespace="customerAccess">
          <AccessLinkRequestForm locale={locale} defaultOrderNumber={typeof order === 'string' ? order.slice(0, 64) : ''} />
        </FormMessages>
      </div>
      <p className="mt-6 text-center">
        <a href={`/${locale}`}>{t('backToLookup')}</a>
      </p>
    </div>
  );
}
