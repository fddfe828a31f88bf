import Link from 'next/link';
import { getTranslations } from 'next-intl/server';
import type { ReactNode } from 'react';
import { requireStaffPage } from '../_components/require-staff-page';
import { staffLocale } from '../_components/staff-locale';

// Contract C (owner: settings). This stand-in has the agreed shape; the settings branch's layout replaces it.
const SECTIONS = [
  ['overview', '/staff/settings'],
  ['returns', '/staff/settings/returns'],
  ['branding', '/staff/settings/branding'],
  ['emails', '/staff/settings/emails'],
  ['sla', '/staff/settings/sla'],
  ['carriers', '/staff/settings/carriers'],
  ['staff', '/staff/settings/staff'],
  ['apiKeys', '/staff/settings/api-keys'],
  ['privacy', '/staff/settings/privacy'],
] as const;

/** Settings are for admins only; agents see why instead of the sections. */
export default async function SettingsLayout({ children }: { children: ReactNode }) {
  const staff = await requireStaffPage();
  const locale = await staffLocale();
  const t = await getTranslations({ locale, namespace: 'staffSettings' });
  const te = await getTranslations({ locale, namespace: 'staff.errors' });
  if (staff.role !== 'admin') {
    return (
      <p role="alert" className="rounded-lg border border-[var(--color-danger)] p-3">
        {te('forbidden')}
      </p>
    );
  }
  return (
    <div className="flex flex-col gap-4 md:flex-row">
      <nav aria-label={t('navLabel')} className="md:w-56 md:shrink-0">
        <ul className="flex flex-wrap gap-1 md:flex-col">
          {SECTIONS.map(([id, href]) => (
            <li key={id}>
              <Link href={href} className="block rounded px-2 py-2 text-[var(--color-ink)] no-underline hover:bg-[var(--color-canvas)]">
                {t(`nav.${id}`)}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      <div className="min-w-0 flex-1">{children}</div>
    </div>
  );
}
