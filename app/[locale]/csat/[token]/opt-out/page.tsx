import type { Metadata } from 'next';
import { getTranslations, setRequestLocale } from 'next-intl/server';
import { toLocale } from '@/lib/i18n/locales';
import { optOutAction } from '../actions';

export async function generateMetadata({ params }: { params: Promise<{ locale: string }> }): Promise<Metadata> {
  const t = await getTranslations({ locale: toLocale((await params).locale), namespace: 'csat.page' });
  return { title: t('optOutTitle'), referrer: 'same-origin' };
}

/** Opt-out of surveys: a GET only shows the button (scanners prefetch links); the POST records it. */
export default async function CsatOptOutPage({ params, searchParams }: { params: Promise<{ locale: string; token: string }>; searchParams: Promise<{ done?: string }> }) {
  const { locale: raw, token } = await params;
  const locale = toLocale(raw);
  setRequestLocale(locale);
  const t = await getTranslations('csat.page');
  const done = (await searchParams).done === '1';
  return (
    <article className="space-y-5 rounded-2xl border border-[var(--color-line)] bg-white p-5 sm:p-8">
      <h1 className="text-2xl font-semibold">{t('optOutTitle')}</h1>
      {done ? (
        <p role="status">{t('optOutDone')}</p>
      ) : (
        <>
          <p>{t('optOutIntro')}</p>
          <form action={optOutAction}>
            <input type="hidden" name="token" value={token} />
            <input type="hidden" name="locale" value={locale} />
            <button type="submit" className="min-h-11 rounded-lg bg-[var(--accent)] px-4 font-semibold text-white">
              {t('optOutConfirm')}
            </button>
          </form>
        </>
      )}
    </article>
  );
}
