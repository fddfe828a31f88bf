import { getTranslations, setRequestLocale } from 'next-intl/server';
import { toLocale } from '@/lib/i18n/locales';
import { FormMessages } from './_components/form-messages';
import { LookupForm } from './_components/lookup-form';

export default async function LookupPage({
  params,
  searchParams,
}: {
  params: Promise<{ locale: string }>;
  searchParams: Promise<{ order?: string | string[]; full?: string | string[] }>;
}) {
  const locale = toLocale((await params).locale);
  setRequestLocale(locale);
  const [t, ta] = await Promise.all([getTranslations('lookup'), getTranslations('customerAccess')]);
  const { order, full } = await searchParams;
  const prefill = typeof order === 'string' ? order.slice(0, 64) : '';

  return (
    <div className="mx-auto max-w-md">
      <div className="rounded-2xl border border-[var(--color-line)] bg-white p-5 shadow-sm sm:p-8">
        <h1 className="text-2xl font-semibold sm:text-3xl">{t('title')}</h1>
        <p className="mt-2 text-[var(--color-muted)]">{t('intro')}</p>
        {prefill && (
          <p role="status" className="mt-4 rounded-lg bg-[var(--color-canvas)] p-3 text-sm">
            {full === '1' ? ta('needEmail') : t('noAccess')}
          </p>
        )}
        <FormMessages namespace="lookup">
          <LookupForm locale={locale} defaultOrderNumber={prefill} />
        </FormMessages>
        <p className="mt-4 text-sm text-[var(--color-muted)]">{ta('lookupNote')}</p>
        <div className="mt-6 border-t border-[var(--color-line)] pt-5">
          <h2 className="text-lg font-semibold">{ta('noEmailTitle')}</h2>
          <p className="mt-1 text-sm">{ta('noEmailHint')}</p>
          <p className="mt-3">
            <a
              href={`/${locale}/access${prefill ? `?order=${encodeURIComponent(prefill)}` : ''}`}
              className="inline-flex min-h-11 items-center rounded-xl border border-[var(--accent)] px-4 font-semibold no-underline"
            >
              {ta('requestButton')}
            </a>
          </p>
        </div>
      </div>
      <p className="mt-6 text-center">
        <a href={`/${locale}/policy`}>{t('policyLink')}</a>
      </p>
    </div>
  );
}
