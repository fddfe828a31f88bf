import type { Metadata } from 'next';
import { NextIntlClientProvider } from 'next-intl';
import { getMessages, getTranslations, setRequestLocale } from 'next-intl/server';
import { getDb } from '@/db';
import { CSAT_FACES } from '@/lib/csat/csat-email';
import { csatLinkState } from '@/lib/csat/respond-csat';
import { toLocale } from '@/lib/i18n/locales';
import { submitCsatScoreAction } from './actions';
import { AutoSubmit } from './auto-submit';
import { CsatCommentForm } from './comment-form';

export async function generateMetadata({ params }: { params: Promise<{ locale: string }> }): Promise<Metadata> {
  const t = await getTranslations({ locale: toLocale((await params).locale), namespace: 'csat.page' });
  return { title: t('title'), referrer: 'same-origin' };
}

/**
 * The one-click survey. GET never records (mail scanners prefetch links): the page posts the clicked
 * score itself from the browser, or the customer presses the button. The link works once.
 */
export default async function CsatPage({ params, searchParams }: { params: Promise<{ locale: string; token: string }>; searchParams: Promise<{ score?: string }> }) {
  const { locale: raw, token } = await params;
  const locale = toLocale(raw);
  setRequestLocale(locale);
  const t = await getTranslations('csat');
  const state = await csatLinkState(getDb(), token);
  const clicked = Number((await searchParams).score);
  const score = Number.isInteger(clicked) && clicked >= 1 && clicked <= 5 ? clicked : null;
  const { csat } = await getMessages();
  const card = 'space-y-5 rounded-2xl border border-[var(--color-line)] bg-white p-5 sm:p-8';

  if (state.status === 'invalid') {
    return (
      <article className={card}>
        <h1 className="text-2xl font-semibold">{t('page.invalidTitle')}</h1>
        <p>{t('page.invalid')}</p>
      </article>
    );
  }
  if (state.status === 'answered') {
    return (
      <article className={card}>
        <h1 className="text-2xl font-semibold">{t('page.thanksTitle')}</h1>
        <p role="status">
          {t('page.thanks')} {CSAT_FACES[state.score - 1]} {t(`email.score${state.score}` as 'email.score1')}
        </p>
        {!state.commented && (
          <NextIntlClientProvider messages={{ csat: { page: csat.page } }}>
            <CsatCommentForm token={token} />
          </NextIntlClientProvider>
        )}
      </article>
    );
  }
  return (
    <article className={card}>
      <h1 className="text-2xl font-semibold">{t('page.title')}</h1>
      <p id="csat-intro">{t('page.intro')}</p>
      {score && <p aria-live="polite">{t('page.sending')}</p>}
      <form id="csat-form" action={submitCsatScoreAction} aria-describedby="csat-intro">
        <input type="hidden" name="token" value={token} />
        <input type="hidden" name="locale" value={locale} />
        <div className="grid grid-cols-1 gap-2 sm:grid-cols-5">
          {CSAT_FACES.map((face, i) => {
            const value = i + 1;
            return (
              <button
                key={value}
                type="submit"
                name="score"
                value={value}
                aria-pressed={score === value}
                className="flex min-h-11 items-center gap-2 rounded-lg border border-[var(--color-muted)] bg-white p-3 text-left aria-pressed:border-[var(--accent)] aria-pressed:ring-2 aria-pressed:ring-[var(--accent)] sm:flex-col sm:text-center"
              >
                <span aria-hidden="true" className="text-3xl">
                  {face}
                </span>
                <span>
                  {value} – {t(`email.score${value}` as 'email.score1')}
                </span>
              </button>
            );
          })}
        </div>
      </form>
      {score && <AutoSubmit formId="csat-form" score={score} />}
    </article>
  );
}
