import { getTranslations } from 'next-intl/server';

export default async function CustomerNotFound() {
  const t = await getTranslations('errors');
  return (
    <div className="mx-auto max-w-md rounded-2xl border border-[var(--color-line)] bg-white p-6">
      <h1 className="text-2xl font-semibold">{t('notFoundTitle')}</h1>
      <p className="mt-2">{t('notFoundBody')}</p>
    </div>
  );
}
