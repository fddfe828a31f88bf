'use client';

import { useLocale } from 'next-intl';
import { useSearchParams } from 'next/navigation';
import { locales, localeNames, localeTags } from '@/lib/i18n/locales';
import { Link, usePathname } from '@/lib/i18n/navigation';

/** Plain links (work without JavaScript), the current language marked for screen readers. */
export function LanguageSwitcher({ label }: { label: string }) {
  const current = useLocale();
  const pathname = usePathname();
  const query = useSearchParams().toString();
  return (
    <nav aria-label={label}>
      <ul className="flex flex-wrap gap-1 text-sm">
        {locales.map((locale) => (
          <li key={locale}>
            <Link
              href={query ? `${pathname}?${query}` : pathname}
              locale={locale}
              lang={localeTags[locale]}
              hrefLang={localeTags[locale]}
              aria-current={locale === current ? 'true' : undefined}
              className={`inline-flex min-h-11 min-w-11 items-center justify-center rounded-md px-2 ${
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
