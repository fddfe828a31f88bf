import { getTranslations } from 'next-intl/server';
import { redirect } from 'next/navigation';
import { getStaffSession } from '@/lib/auth/staff-session';
import { staffLocale } from '../_components/staff-locale';
import { LoginForm } from './login-form';
import { LoginIntl } from './login-intl';

export default async function StaffLoginPage() {
  const session = await getStaffSession();
  if (session?.stage === 'active') redirect('/staff');
  const t = await getTranslations({ locale: await staffLocale(), namespace: 'staff.login' });
  return (
    <div className="mx-auto mt-8 max-w-sm rounded-xl border border-[var(--color-line)] bg-white p-6">
      <h1 className="text-xl font-semibold">{t('title')}</h1>
      <LoginIntl>
        <LoginForm />
      </LoginIntl>
    </div>
  );
}
