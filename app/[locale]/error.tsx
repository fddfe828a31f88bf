'use client';

import { useTranslations } from 'next-intl';

export default function CustomerError({ reset }: { error: Error; reset: () => void }) {
  const t = useTranslations('errors');
  return (
    <div role="alert" className="mx-auto max-w-md rounded-2xl border border-[var(--color-line)] bg-white p-6">
      <h1 className="text-2xl font-semibold">{t('genericTitle')}</h1>
      <p className="mt-2">{t('genericBody')}</p>
      <button type="button" onClick={reset} className="mt-4 min-h-11 rounded-xl bg-[var(--accent)] px-4 font-semibold text-white">
        {t('tryAgain')}
      </button>
    </div>
  );
}
