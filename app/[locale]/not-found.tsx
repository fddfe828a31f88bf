import { getLocale, getTranslations } from 'next-intl/server';

export default async function CustomerNotFound() {
  const [t, locale] = await Promise.all([getTranslations(), getLocale()]);
  return (
    <div className="mx-auto max-w-md rounded-2xl border border-[var(--color-line)] bg-white p-6">
      <h1 className="text-2xl font-semibold">{t('errors.notFoundTitle')}</h1>
      <p className="mt-2">{t('errors.notFoundBody')}</p>
      <p className="mt-4">
        <a href={`/${locale}`} className="inline-flex min-h-11 items-center font-medium">
          {t('lookup.title')}
        </a>
      </p>
    </div>
  );
}
