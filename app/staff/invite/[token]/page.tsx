import { getTranslations } from 'next-intl/server';
import Link from 'next/link';
import { getDb } from '@/db';
import { findLiveInvite } from '@/lib/staff-admin/accept-invite';
import { staffLocale } from '../../_components/staff-locale';
import { ScopedIntl } from '../../_ui/scoped-intl';
import { SetPasswordForm } from './set-password-form';

export async function generateMetadata() {
  const t = await getTranslations({ locale: await staffLocale(), namespace: 'staffAdmin.invite' });
  return { title: t('title'), referrer: 'no-referrer' };
}

/** The invited person chooses a password. Public: the token is the credential (single use, 72 h). */
export default async function InvitePage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const t = await getTranslations({ locale: await staffLocale(), namespace: 'staffAdmin.invite' });
  const invite = await findLiveInvite(getDb(), token);
  return (
    <div className="mx-auto max-w-md space-y-4">
      <h1 className="text-2xl font-semibold">{t('title')}</h1>
      {invite ? (
        <>
          <p>{t('intro', { name: invite.name, email: invite.email })}</p>
          <ScopedIntl namespaces={['staffAdmin']}>
            <SetPasswordForm token={token} email={invite.email} />
          </ScopedIntl>
        </>
      ) : (
        <>
          <p role="alert">{t('invalid')}</p>
          <Link href="/staff/login" className="text-[var(--accent)] underline">
            {t('login')}
          </Link>
        </>
      )}
    </div>
  );
}
