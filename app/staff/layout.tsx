import Link from 'next/link';
import type { Metadata, Viewport } from 'next';
import { NextIntlClientProvider } from 'next-intl';
import { getTranslations } from 'next-intl/server';
import type { CSSProperties, ReactNode } from 'react';
import { getStaffSession } from '@/lib/auth/staff-session';
import { localeTags } from '@/lib/i18n/locales';
import { getShopSettings } from '@/lib/settings/shop';
import { staffLocale } from './_components/staff-locale';
import { HeaderSearch } from './_components/header-search';
import { StaffNav } from './_components/staff-nav';
import { StaffShortcuts } from './_components/shortcuts';
import { StaffQueryProvider } from './_components/query-provider';
import { staffClientMessages } from './_ui/scoped-intl';
import { StaffToaster } from './_ui/toast';

export const dynamic = 'force-dynamic';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations({ locale: await staffLocale(), namespace: 'staff' });
  const shop = await getShopSettings();
  return { title: { default: `${t('title')} · ${shop.name}`, template: `%s · ${t('title')}` }, robots: { index: false, follow: false } };
}

export const viewport: Viewport = { width: 'device-width', initialScale: 1 };

/** The staff desk, in the staff member's own language (en or fi). Authorization is checked per page and action. */
export default async function StaffLayout({ children }: { children: ReactNode }) {
  const locale = await staffLocale();
  const session = await getStaffSession();
  const t = await getTranslations({ locale, namespace: 'staff' });
  const shop = await getShopSettings();
  // The shell's messages only: each page brings what its own client components read (ScopedIntl).
  const messages = await staffClientMessages([]);
  const active = session?.stage === 'active' ? session.user : null;
  return (
    <html lang={localeTags[locale]}>
      <body style={{ '--accent': shop.accentColor } as CSSProperties}>
        <a href="#main" className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:z-10 focus:rounded focus:bg-white focus:p-2">
          {t('nav.skip')}
        </a>
        <NextIntlClientProvider locale={locale} messages={messages as never}>
          <StaffQueryProvider>
            <StaffToaster>
              <header className="border-b border-[var(--color-line)] bg-white">
                <div className="mx-auto flex max-w-[96rem] flex-wrap items-center gap-x-3 gap-y-1 px-4 py-1">
                  <Link href="/staff" className="font-semibold text-[var(--color-ink)] no-underline">
                    {shop.name} · {t('title')}
                  </Link>
                  {active && (
                    <>
                      <HeaderSearch />
                      <StaffShortcuts />
                      <StaffNav name={active.name} role={active.role} />
                    </>
                  )}
                </div>
              </header>
              <main id="main" className="mx-auto max-w-[96rem] px-4 py-4">
                {children}
              </main>
            </StaffToaster>
          </StaffQueryProvider>
        </NextIntlClientProvider>
      </body>
    </html>
  );
}
