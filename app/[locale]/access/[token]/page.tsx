import type { Metadata } from 'next';
import { getTranslations, setRequestLocale } from 'next-intl/server';
import { getDb } from '@/db';
import { findLiveAccessLink } from '@/lib/customer-access/queries';
import { toLocale } from '@/lib/i18n/locales';
import { redeemAccessLinkAction } from '../../actions';
import { FormMessages } from '../../_components/form-messages';
import { AccessLinkRequestForm } from '../../_components/access-link-request-form';

type Params = Promise<{ locale: string; token: string }>;

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  const t = await getTranslations({ locale: toLocale((await params).locale), namespace: 'customerAccess' });
  // The token is in this URL: it must not leave in a Referer.
  return { title: t('openTitle'), referrer: 'no-referrer' };
}

/**
 * A one-time link from the "Email me a link" email. Opening it changes nothing (mail scanners open
 * every link before the customer does): it only shows a button, and the button's POST uses the link.
 */
export default async function AccessLinkPage({ params }: { params: Params }) {
  const { locale: rawLocale, token } = await params;
  const locale = toLocale(rawLocale);
  setRequestLocale(locale);
  const [t, link] = await Promise.all([getTranslations('customerAccess'), findLiveAccessLink(getDb(), token)]);
  return (
    <div className="mx-auto max-w-md">
      <div className="rounded-2xl border border-[var(--color-line)] bg-white p-5 shadow-sm sm:p-8">
        {link ? (
          <>
            <h1 className="text-2xl font-semibold sm:text-3xl">{t('openTitle')}</h1>
            <p className="mt-2">{t('openIntro', { orderNumber: link.orderNumber })}</p>
            <form action={redeemAccessLinkAction} className="mt-6">
              <input type="hidden" name="locale" value={locale} />
              <input type="hidden" name="token" value={token} />
              <button
                type="submit"
                className="inline-flex min-h-12 w-full items-center justify-center rounded-xl bg-[var(--accent)] px-5 text-base font-semibold text-[var(--accent-contrast)] hover:opacity-95"
              >
                {t('openButton')}
              </button>
            </form>
          </>
        ) : (
          <>
            <h1 className="text-2xl font-semibold sm:text-3xl">{t('deadTitle')}</h1>
            <p className="mt-2">{t('deadIntro')}</p>
            <FormMessages namespace="customerAccess">
              <AccessLinkRequestForm locale={locale} defaultOrderNumber="" />
            </FormMessages>
            <p className="mt-6">
              <a href={`/${locale}`}>{t('backToLookup')}</a>
            </p>
          </>
        )}
      </div>
    </div>
  );
}
