import { NextIntlClientProvider } from 'next-intl';
import { getMessages, getTranslations } from 'next-intl/server';
import { getDb } from '@/db';
import { readRetentionSettings } from '@/lib/privacy/retention';
import { requireStaffPage } from '../../_components/require-staff-page';
import { staffLocale } from '../../_components/staff-locale';
import { RetentionForm } from './retention-form';
import { SubjectRequests } from './subject-requests';
import { can } from '@/lib/core/authorize';

export async function generateMetadata() {
  const t = await getTranslations({ locale: await staffLocale(), namespace: 'staffPrivacy' });
  return { title: t('title') };
}

/** Admin: retention periods, and the customer's access (export) and erasure requests. */
export default async function PrivacySettingsPage() {
  const staff = await requireStaffPage();
  const locale = await staffLocale();
  const t = await getTranslations({ locale, namespace: 'staffPrivacy' });
  if (!can(staff, 'privacy.manage')) {
    return (
      <div className="space-y-2">
        <h1 className="text-2xl font-semibold">{t('title')}</h1>
        <p role="alert">{t('adminOnly')}</p>
      </div>
    );
  }
  const retention = await readRetentionSettings(getDb());
  const { staff: staffMessages, errors, staffPrivacy } = await getMessages({ locale });
  return (
    <div className="max-w-4xl space-y-8">
      <div className="space-y-2">
        <h1 className="text-2xl font-semibold">{t('title')}</h1>
        <p>{t('intro')}</p>
      </div>
      <NextIntlClientProvider locale={locale} messages={{ staff: staffMessages, errors, staffPrivacy }}>
        <RetentionForm initial={retention} />
        <SubjectRequests />
      </NextIntlClientProvider>
    </div>
  );
}
