'use client';

import { useLocale } from 'next-intl';
import { useSearchParams } from 'next/navigation';
import { locales, localeNames, localeTags } from '@/lib/i18n/locales';
import { Link, usePathname } from '@/lib/i18n/navigation';

/**
 * Plain links (work without JavaScript), the current language marked for screen readers. One row
 * even at 360 px: the five names fit in 328 px with 44 px targets and tight padding, so the row
 * never wraps (e2e/customer/getting-in.spec.ts measures it).
 */
export function LanguageSwitcher({ label }: { label: string }) {
  const current = useLocale();
  const pathname = usePathname();
  const query = useSearchParams().toString();
  return (
    <nav aria-label={label}>
      <ul className="flex flex-nowrap gap-0.5 text-sm" data-testid="language-bar">
        {locales.map((locale) => (
          <li key={locale}>
            <Link
              href={query ? `${pathname}?${query}` : pathname}
              locale={locale}
              lang={localeTags[locale]}
              hrefLang={localeTags[locale]}
              aria-current={locale === current ? 'true' : undefined}
              className={`inline-flex min-h-11 min-w-11 items-center justify-center whitespace-nowrap rounded-md px-1.5 ${
                locale === current ? 'bg-[var(--accent)] font-semibold text-white' : 'text-[var(--color-ink)] hover:bg-[var(--color-canvas)]'
              }`}
            >
              {localeNames[locale]}
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}
