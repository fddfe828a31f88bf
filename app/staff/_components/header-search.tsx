import { getTranslations } from 'next-intl/server';
import { staffLocale } from './staff-locale';

/** The one search box of the desk: cases, orders, returns and tracking numbers (results grouped on /staff/search). */
export async function HeaderSearch() {
  const t = await getTranslations({ locale: await staffLocale(), namespace: 'staff.desk.search' });
  return (
    <form method="get" action="/staff/search" role="search" aria-label={t('label')} className="flex items-center gap-1">
      <label htmlFor="staff-search" className="sr-only">
        {t('label')}
      </label>
      <input
        id="staff-search"
        name="q"
        type="search"
        maxLength={200}
        aria-keyshortcuts="/"
        placeholder={t('placeholder')}
        className="min-h-11 w-56 rounded border border-[var(--color-muted)] px-3 text-sm xl:w-72"
      />
      <button type="submit" className="min-h-11 rounded border border-[var(--color-line)] px-3 text-sm">
        {t('submit')}
      </button>
    </form>
  );
}
