import { getTranslations } from 'next-intl/server';
import { requireStaffPage } from './_components/require-staff-page';

export default async function QueuePage() {
  const actor = await requireStaffPage();
  const t = await getTranslations({ locale: actor.locale, namespace: 'staff.queue' });
  return <h1 className="text-xl font-semibold">{t('title')}</h1>;
}
