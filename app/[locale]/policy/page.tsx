import type { Metadata } from 'next';
import { getFormatter, getTranslations, setRequestLocale } from 'next-intl/server';
import { getDb } from '@/db';
import { toLocale } from '@/lib/i18n/locales';
import { getPublicPolicy } from '@/lib/returns/queries';

export async function generateMetadata({ params }: { params: Promise<{ locale: string }> }): Promise<Metadata> {
  const locale = toLocale((await params).locale);
  const t = await getTranslations({ locale, namespace: 'policy' });
  return { title: t('title') };
}

export default async function PolicyPage({ params }: { params: Promise<{ locale: string }> }) {
  const locale = toLocale((await params).locale);
  setRequestLocale(locale);
  const [t, format] = await Promise.all([getTranslations('policy'), getFormatter()]);
  const policy = await getPublicPolicy(getDb(), locale);
  const regionName = new Intl.DisplayNames([locale], { type: 'region' });

  return (
    <article className="space-y-5 rounded-2xl border border-[var(--color-line)] bg-white p-5 sm:p-8">
      <h1 className="text-2xl font-semibold sm:text-3xl">{t('title')}</h1>
      {policy && (
        <>
          <p>{t('window', { days: policy.windowDays })}</p>
          {!policy.finalSaleReturnable && <p>{t('finalSale')}</p>}
          {policy.fees.length > 0 && (
            <section>
              <h2 className="text-lg font-semibold">{t('fees')}</h2>
              <ul className="mt-2 list-disc pl-5">
                {policy.fees.map((fee) => {
                  const market = regionName.of(fee.market) ?? fee.market;
                  return (
                    <li key={fee.market}>
                      {fee.amount === 0
                        ? t('feeFree', { market })
                        : t('feeAmount', { market, amount: format.number(fee.amount / 100, { style: 'currency', currency: fee.currency }) })}
                    </li>
                  );
                })}
              </ul>
            </section>
          )}
          {policy.reasons.length > 0 && (
            <section>
              <h2 className="text-lg font-semibold">{t('reasons')}</h2>
              <ul className="mt-2 list-disc pl-5">
                {policy.reasons.map((reason) => (
                  <li key={reason}>{reason}</li>
                ))}
              </ul>
            </section>
          )}
        </>
      )}
      <p>{t('withdrawal')}</p>
      <p>
        <a href={`/${locale}`}>{(await getTranslations('common'))('backToLookup')}</a>
      </p>
    </article>
  );
}
