import { getTranslations } from 'next-intl/server';

/** The order page's way to "Ask about this order": the answers we have come first, on the next page. */
export async function AskEntry({ orderNumber, locale }: { orderNumber: string; locale: string }) {
  const t = await getTranslations('firstScreen.ask');
  return (
    <section aria-labelledby="ask-entry-title" className="space-y-3 rounded-2xl border border-[var(--color-line)] bg-white p-5">
      <h2 id="ask-entry-title" className="text-xl font-semibold">
        {t('entryTitle')}
      </h2>
      <p>{t('entryBody')}</p>
      <a
        href={`/${locale}/orders/${encodeURIComponent(orderNumber)}/ask`}
        className="inline-flex min-h-12 items-center justify-center rounded-xl border border-[#8a9691] bg-white px-5 text-base font-semibold no-underline"
      >
        {t('entryLink')}
      </a>
    </section>
  );
}
