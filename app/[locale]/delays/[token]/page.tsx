import type { Metadata } from 'next';
import { getFormatter, getTranslations, setRequestLocale } from 'next-intl/server';
import { getDb } from '@/db';
import { type RemedyPageState, remedyPageState } from '@/lib/delays/queries';
import type { Remedy } from '@/lib/delays/settings';
import { toLocale } from '@/lib/i18n/locales';
import { chooseRemedyAction } from './actions';
import { REMEDY_ERRORS, type RemedyError } from './errors';

type Params = Promise<{ locale: string; token: string }>;
type Search = Promise<{ confirm?: string; error?: string; done?: string }>;

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  const t = await getTranslations({ locale: toLocale((await params).locale), namespace: 'remedy' });
  // The token is in the URL: no Referer may carry it anywhere.
  return { title: t('metaTitle'), referrer: 'no-referrer' };
}

const card = 'space-y-5 rounded-2xl border border-[var(--color-line)] bg-white p-5 sm:p-8';
const primary = 'inline-flex min-h-11 items-center justify-center rounded-lg bg-[var(--accent)] px-4 font-semibold text-white no-underline';
const secondary = 'inline-flex min-h-11 items-center justify-center rounded-lg border border-[var(--color-muted)] bg-white px-4 font-semibold text-[var(--color-ink)] no-underline';

/**
 * What happened to the parcel (the notice's own words) and the remedies the shop offers. Reading
 * this page never changes anything (mail scanners open links); choosing is a POST.
 */
export default async function RemedyPage({ params, searchParams }: { params: Params; searchParams: Search }) {
  const { locale: raw, token: rawToken } = await params;
  const locale = toLocale(raw);
  setRequestLocale(locale);
  const token = safeDecode(rawToken);
  const search = await searchParams;
  const [t, format, state] = await Promise.all([getTranslations('remedy'), getFormatter(), remedyPageState(getDb(), token, locale)]);

  if (state.status === 'invalid') {
    return (
      <article className={card}>
        <h1 className="text-2xl font-semibold">{t('invalidTitle')}</h1>
        <p>{t('invalid')}</p>
        <a className={primary} href={`/${locale}`}>
          {t('lookupLink')}
        </a>
      </article>
    );
  }

  const money = (minor: number) => format.number(minor / 100, { style: 'currency', currency: state.currency });
  const error = (REMEDY_ERRORS as readonly string[]).includes(search.error ?? '') ? (search.error as RemedyError) : null;
  const confirming = state.status === 'open' && search.confirm === 'cancel_refund' && state.offered.includes('cancel_refund');
  const consequence = (r: Remedy) => t(`options.${r}.consequence`, { amount: money(r === 'keep_waiting_with_discount' ? state.discountAmount : state.refundAmount) });

  return (
    <article className={card} aria-labelledby="remedy-title">
      <p className="text-sm text-[var(--color-muted)]">{t('order', { number: state.orderNumber })}</p>
      <div lang={state.notice.locale} className="space-y-3">
        <h1 id="remedy-title" className="text-2xl font-semibold">
          {state.notice.heading}
        </h1>
        {state.notice.paragraphs.map((p, i) => (
          <p key={i}>{p}</p>
        ))}
      </div>

      {error && (
        <p role="alert" className="rounded-lg border border-[var(--color-danger)] bg-[var(--color-danger-bg)] p-3 text-[var(--color-danger)]">
          {t(`errors.${error}`)}
        </p>
      )}

      {state.status === 'delivered' && <p role="status">{t('delivered')}</p>}

      {state.status === 'chosen' && <Chosen state={state} done={search.done === '1'} money={money} t={t} />}

      {state.status === 'open' && confirming && (
        <section aria-labelledby="confirm-title" className="space-y-3 rounded-xl border-2 border-[var(--accent)] p-4">
          <h2 id="confirm-title" className="text-xl font-semibold">
            {t('confirmTitle')}
          </h2>
          <p>{t('confirmBody', { amount: money(state.refundAmount) })}</p>
          <div className="flex flex-wrap gap-2">
            <form action={chooseRemedyAction}>
              <input type="hidden" name="token" value={token} />
              <input type="hidden" name="locale" value={locale} />
              <input type="hidden" name="remedy" value="cancel_refund" />
              <input type="hidden" name="confirmed" value="1" />
              <button type="submit" className={primary}>
                {t('confirmYes')}
              </button>
            </form>
            <a className={secondary} href={`/${locale}/delays/${encodeURIComponent(token)}`}>
              {t('confirmNo')}
            </a>
          </div>
        </section>
      )}

      {state.status === 'open' && !confirming && (
        <section aria-labelledby="choose-title" className="space-y-3">
          <h2 id="choose-title" className="text-xl font-semibold">
            {t('chooseTitle')}
          </h2>
          <p>{t('chooseIntro')}</p>
          <ul className="grid gap-3">
            {state.offered.map((r) => (
              <li key={r} className="space-y-2 rounded-xl border border-[var(--color-line)] p-4" data-remedy={r}>
                <h3 className="text-lg font-semibold">{t(`options.${r}.title`)}</h3>
                <p>{consequence(r)}</p>
                {r === 'cancel_refund' ? (
                  // The first tap only asks for confirmation (a GET changes nothing).
                  <a className={primary} href={`/${locale}/delays/${encodeURIComponent(token)}?confirm=cancel_refund`} aria-label={`${t('choose')}: ${t(`options.${r}.title`)}`}>
                    {t('choose')}
                  </a>
                ) : (
                  <form action={chooseRemedyAction}>
                    <input type="hidden" name="token" value={token} />
                    <input type="hidden" name="locale" value={locale} />
                    <input type="hidden" name="remedy" value={r} />
                    <button type="submit" className={primary} aria-label={`${t('choose')}: ${t(`options.${r}.title`)}`}>
                      {t('choose')}
                    </button>
                  </form>
                )}
              </li>
            ))}
          </ul>
        </section>
      )}
    </article>
  );
}

type T = Awaited<ReturnType<typeof getTranslations<'remedy'>>>;
type Open = Exclude<RemedyPageState, { status: 'invalid' }>;

function Chosen({ state, done, money, t }: { state: Open; done: boolean; money: (minor: number) => string; t: T }) {
  const remedy = state.chosen!;
  const comp = state.compensation;
  const next: string[] = [];
  if (remedy === 'keep_waiting') next.push(t('next.keep_waiting'));
  if (remedy === 'keep_waiting_with_discount' && comp) next.push(comp.status === 'issued' && comp.code ? t('next.discountIssued', { amount: money(comp.amount), code: comp.code }) : t('next.pending'));
  if (remedy === 'cancel_refund' && comp) {
    next.push(t('next.refundWaiting', { amount: money(comp.amount) }));
    if (comp.status === 'pending_approval') next.push(t('next.pending'));
  }
  if (remedy === 'replacement' && comp) next.push(comp.status === 'issued' ? t('next.replacementIssued') : t('next.pending'));
  return (
    <section aria-labelledby="chosen-title" className="space-y-2 rounded-xl border-2 border-[var(--accent)] p-4" data-testid="remedy-chosen">
      <h2 id="chosen-title" className="text-xl font-semibold">
        {t('chosenTitle')}
      </h2>
      <div role="status" className="space-y-2">
        {done && <p>{t('thanks')}</p>}
        <p className="font-semibold">{t('chosen', { option: t(`options.${remedy}.title`) })}</p>
        {next.map((line) => (
          <p key={line}>{line}</p>
        ))}
      </div>
    </section>
  );
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value).slice(0, 200);
  } catch {
    return '';
  }
}
