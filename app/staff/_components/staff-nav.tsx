import Link from 'next/link';
import { getTranslations } from 'next-intl/server';
import { roleCan } from '@/lib/core/authorize';
import { logoutAction, logoutEverywhereAction } from '../auth-actions';
import { LogoutButton } from './logout-button';
import { staffLocale } from './staff-locale';

export async function StaffNav({ name, role }: { name: string; role: 'agent' | 'admin' }) {
  const t = await getTranslations({ locale: await staffLocale(), namespace: 'staff' });
  const tPayouts = await getTranslations({ locale: await staffLocale(), namespace: 'payouts' });
  const link = 'rounded px-2 py-2 text-[var(--color-ink)] no-underline hover:bg-[var(--color-canvas)]';
  return (
    <>
      <nav aria-label={t('nav.label')} className="flex flex-wrap items-center gap-1">
        <Link className={link} href="/staff">
          {t('nav.queue')}
        </Link>
        <Link className={link} href="/staff/delays">
          {t('nav.delays')}
        </Link>
        <Link className={link} href="/staff/receiving">
          {t('nav.receiving')}
        </Link>
        {roleCan(role, 'compensations.approve') && (
          <Link className={link} href="/staff/approvals">
            {t('nav.approvals')}
          </Link>
        )}
        <Link className={link} href="/staff/reports">
          {t('nav.reports')}
        </Link>
        {roleCan(role, 'payouts.manage') && (
          <Link className={link} href="/staff/payouts">
            {tPayouts('navLabel')}
          </Link>
        )}
        <Link className={link} href="/staff/outbox">
          {t('nav.outbox')}
        </Link>
        {roleCan(role, 'settings.manage') && (
          <Link className={link} href="/staff/settings">
            {t('nav.settings')}
          </Link>
        )}
        <Link className={link} href="/staff/account">
          {t('nav.account')}
        </Link>
      </nav>
      <div className="ml-auto flex flex-wrap items-center gap-2 text-sm">
        <span>
          {name} ({t(`roles.${role}`)})
        </span>
        <form action={logoutAction}>
          <LogoutButton>{t('nav.logout')}</LogoutButton>
        </form>
        <form action={logoutEverywhereAction}>
          <LogoutButton>{t('nav.logoutEverywhere')}</LogoutButton>
        </form>
      </div>
    </>
  );
}
