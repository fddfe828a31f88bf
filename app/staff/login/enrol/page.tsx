import { getTranslations } from 'next-intl/server';
import { redirect } from 'next/navigation';
import { getStaffSession } from '@/lib/auth/staff-session';
import { EnrolTotp } from '../../_components/enrol-totp';
import { staffLocale } from '../../_components/staff-locale';
import { LoginIntl } from '../login-intl';

/** Admins without two-factor land here after the password step: enrolment is required. */
export default async function EnrolPage() {
  const session = await getStaffSession();
  if (!session) redirect('/staff/login');
  if (session.stage === 'two_factor') redirect('/staff/login/two-factor');
  if (session.user.totpEnabled) redirect('/staff');
  const t = await getTranslations({ locale: await staffLocale(), namespace: 'staff.enrol' });
  return (
    <div className="mx-auto mt-8 max-w-md rounded-xl border border-[var(--color-line)] bg-white p-6">
      <h1 className="mb-3 text-xl font-semibold">{t('title')}</h1>
      {session.stage === 'enrol' && <p className="mb-3">{t('required')}</p>}
      <LoginIntl>
        <EnrolTotp />
      </LoginIntl>
    </div>
  );
}
