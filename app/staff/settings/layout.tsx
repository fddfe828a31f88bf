import Link from 'next/link';
import { getTranslations } from 'next-intl/server';
import type { ReactNode } from 'react';
import { requireStaffPage } from '../_components/require-staff-page';
import { staffLocale } from '../_components/staff-locale';

// Contract C placeholder (owner: settings; replaced at merge): admin-only shell with the section nav.
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

export default async function SettingsLayout({ children }: { children: ReactNode }) {
  const staff = await requireStaffPage();
  const t = await getTranslations({ locale: await staffLocale(), namespace: 'staffSettings' });
  // Agents see the page's own "admins only" message, without the section nav.
  if (staff.role !== 'admin') return <>{children}</>;
  return (
    <div className="grid gap-6 md:grid-cols-[14rem_1fr]">
      <nav aria-label={t('title')}>
        <ul className="space-y-1">
          {SECTIONS.map(([id, href]) => (
            <li key={id}>
              <Link href={href} className="block rounded px-2 py-2 text-[var(--color-ink)] no-underline hover:bg-[var(--color-canvas)]">
                {t(`nav.${id}`)}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      <div className="min-w-0">{children}</div>
    </div>
  );
}
