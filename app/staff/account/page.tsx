import Link from 'next/link';
import { getTranslations } from 'next-intl/server';
import { redirect } from 'next/navigation';
import { getStaffSession } from '@/lib/auth/staff-session';
import { staffLocale } from '../_components/staff-locale';

export default async function AccountPage() {
  const session = await getStaffSession();
  if (!session || session.stage !== 'active') redirect('/staff/login');
  const t = await getTranslations({ locale: await staffLocale(), namespace: 'staff.account' });
  return (
    <div className="max-w-xl space-y-3">
      <h1 className="text-xl font-semibold">{t('title')}</h1>
      <p>
        {session.user.name} · {session.user.email}
      </p>
      {session.user.totpEnabled ? (
        <p>{t('twoFactorOn')}</p>
      ) : (
        <p>
          {t('twoFactorOff')} <Link href="/staff/login/enrol">{t('enable')}</Link>
        </p>
      )}
    </div>
  );
}
