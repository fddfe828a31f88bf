import type { Metadata, Viewport } from 'next';
import { notFound } from 'next/navigation';
import { hasLocale, NextIntlClientProvider } from 'next-intl';
import { getMessages, getTranslations, setRequestLocale } from 'next-intl/server';
import type { CSSProperties, ReactNode } from 'react';
import { localeTags, toLocale } from '@/lib/i18n/locales';
import { routing } from '@/lib/i18n/routing';
import { getShopSettings } from '@/lib/settings/shop';
import { LanguageSwitcher } from './_components/language-switcher';
import { ShopBrand, SupportContact } from './_components/shop-brand';

export const dynamic = 'force-dynamic';

export async function generateMetadata({ params }: { params: Promise<{ locale: string }> }): Promise<Metadata> {
  const locale = toLocale((await params).locale);
  const t = await getTranslations({ locale, namespace: 'meta' });
  const shop = await getShopSettings();
  return {
    title: { default: `${t('title')} · ${shop.name}`, template: `%s · ${shop.name}` },
    description: t('description'),
    // Order pages are personal: never indexed.
    robots: { index: false, follow: false },
  };
}

export const viewport: Viewport = { width: 'device-width', initialScale: 1 };

export default async function CustomerLayout({ children, params }: { children: ReactNode; params: Promise<{ locale: string }> }) {
  const requested = (await params).locale;
  if (!hasLocale(routing.locales, requested)) notFound();
  const locale = toLocale(requested);
  setRequestLocale(locale);
  const t = await getTranslations('common');
  const tw = await getTranslations('withdrawal');
  const td = await getTranslations('deliveryEstimate.page');
  const shop = await getShopSettings();
  // The error boundary's texts; each page hands its client forms their own namespaces (FormMessages, TrackingSection).
  const { errors } = await getMessages();

  return (
    <html lang={localeTags[locale]}>
      <body style={{ '--accent': shop.accentColor } as CSSProperties}>
        <a href="#main" className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:z-10 focus:rounded focus:bg-white focus:p-2">
          {t('skipToContent')}
        </a>
        <NextIntlClientProvider messages={{ errors }}>
          <header className="border-b border-[var(--color-line)] bg-white">
            <div className="mx-auto flex max-w-3xl flex-wrap items-center justify-between gap-2 px-4 py-3">
              <a href={`/${locale}`} className="text-lg font-semibold text-[var(--color-ink)] no-underline">
                <ShopBrand shop={shop} />
              </a>
              <LanguageSwitcher label={t('language')} />
            </div>
          </header>
          <main id="main" className="mx-auto max-w-3xl px-4 py-6 sm:py-10">
            {children}
          </main>
          <footer className="mx-auto max-w-3xl space-y-2 px-4 pb-10 text-sm text-[var(--color-muted)]">
            {/* labels: the EU withdrawal function is reachable from every page (legal.md W2) */}
            <p>
              <a href={`/${locale}/withdraw`} data-no-translation translate="no">
                {tw('button')}
              </a>
            </p>
            <p>
              <a href={`/${locale}/delivery`}>{td('footerLink')}</a>
            </p>
            <SupportContact shop={shop} />
            <p>{t('poweredBy', { shop: shop.name })}</p>
          </footer>
        </NextIntlClientProvider>
      </body>
    </html>
  );
}
