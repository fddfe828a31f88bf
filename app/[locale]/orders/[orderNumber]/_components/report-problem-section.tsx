import { getTranslations } from 'next-intl/server';

/** "Report a problem" on the order page: claims for damaged, wrong, missing or never-received goods. */
export async function ReportProblemSection({ orderNumber, locale }: { orderNumber: string; locale: string }) {
  const t = await getTranslations('claims.entry');
  return (
    <section aria-labelledby="report-problem-title" className="space-y-3 rounded-2xl border border-[var(--color-line)] bg-white p-5">
      <h2 id="report-problem-title" className="text-xl font-semibold">
        {t('title')}
      </h2>
      <p>{t('body')}</p>
      <a
        href={`/${locale}/orders/${encodeURIComponent(orderNumber)}/claim`}
        className="inline-flex min-h-12 items-center justify-center rounded-xl border border-[#8a9691] bg-white px-5 text-base font-semibold no-underline"
      >
        {t('link')}
      </a>
    </section>
  );
}
