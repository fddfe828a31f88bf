import { getTranslations } from 'next-intl/server';
import { redirect } from 'next/navigation';
import { getStaffSession } from '@/lib/auth/staff-session';
import { staffLocale } from '../../_components/staff-locale';
import { LoginIntl } from '../login-intl';
import { TwoFactorForm } from './code-form';

export default async function TwoFactorPage() {
  const session = await getStaffSession();
  if (!session) redirect('/staff/login');
  if (session.stage !== 'two_factor') redirect('/staff');
  const t = await getTranslations({ locale: await staffLocale(), namespace: 'staff.twoFactor' });
  return (
    <div className="mx-auto mt-8 max-w-sm rounded-xl border border-[var(--color-line)] bg-white p-6">
      <h1 className="text-xl font-semibold">{t('title')}</h1>
      <LoginIntl>
        <TwoFactorForm />
      </LoginIntl>
    </div>
  );
}
