'use client';

import Link from 'next/link';
import { usePathname } from 'next/navigation';
import { useTranslations } from 'next-intl';

/** The sections of /staff/settings (contract C: exactly these links, in this order). */
export const SETTINGS_SECTIONS = [
  ['overview', '/staff/settings'],
  ['returns', '/staff/settings/returns'],
  ['branding', '/staff/settings/branding'],
  ['emails', '/staff/settings/emails'],
  ['sla', '/staff/settings/sla'],
  ['automation', '/staff/settings/automation'],
  ['reportSchedules', '/staff/settings/reports'],
  ['carriers', '/staff/settings/carriers'],
  ['staff', '/staff/settings/staff'],
  ['apiKeys', '/staff/settings/api-keys'],
  ['webhooks', '/staff/settings/webhooks'],
  ['integrations', '/staff/settings/integrations'],
  ['privacy', '/staff/settings/privacy'],
] as const;

export function SettingsNav() {
  const t = useTranslations('staffSettings.nav');
  const path = usePathname();
  return (
    <nav aria-label={t('label')} className="md:w-56 md:shrink-0">
      <ul className="flex flex-wrap gap-1 md:flex-col">
        {SETTINGS_SECTIONS.map(([id, href]) => {
          const current = href === '/staff/settings' ? path === href : path === href || path.startsWith(`${href}/`);
          return (
            <li key={id}>
              <Link
                href={href}
                aria-current={current ? 'page' : undefined}
                className="block rounded px-3 py-2 text-[var(--color-ink)] no-underline hover:bg-[var(--color-canvas)] aria-[current=page]:bg-[var(--color-canvas)] aria-[current=page]:font-semibold"
              >
                {t(id)}
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
