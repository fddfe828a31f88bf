import { and, desc, eq, isNotNull } from 'drizzle-orm';
import { getTranslations } from 'next-intl/server';
import { orders, returnPolicies, shipments } from '@/db/schema';
import { localeTags } from '@/lib/i18n/locales';
import { DEFAULT_POLICY } from '@/lib/returns/policy';
import { toPolicyForm } from '@/lib/returns/policy-schemas';
import { loadPolicy } from '@/lib/returns/queries';
import { staffLocale } from '../../_components/staff-locale';
import { requireAdminPage } from '../_admin/require-admin-page';
import { PolicyEditor } from './policy-editor';

export async function generateMetadata() {
  const t = await getTranslations({ locale: await staffLocale(), namespace: 'staffSettings' });
  return { title: t('returns.title') };
}

export default async function ReturnPolicySettingsPage() {
  const admin = await requireAdminPage();
  const locale = await staffLocale();
  const t = await getTranslations({ locale, namespace: 'staffSettings' });
  const db = admin.db;
  const [[active], rules, [sample]] = await Promise.all([
    db.select({ name: returnPolicies.name }).from(returnPolicies).where(eq(returnPolicies.isActive, true)),
    loadPolicy(db),
    // A recently delivered order makes a useful default sample.
    db
      .select({ orderNumber: orders.orderNumber })
      .from(shipments)
      .innerJoin(orders, eq(orders.id, shipments.orderId))
      .where(and(eq(shipments.direction, 'outbound'), isNotNull(shipments.deliveredAt)))
      .orderBy(desc(shipments.deliveredAt))
      .limit(1),
  ]);
  return (
    <>
      <h1 className="text-2xl font-semibold">{t('returns.title')}</h1>
      <p>{t('returns.intro')}</p>
      <PolicyEditor initial={toPolicyForm(active?.name ?? t('returns.defaultName'), active ? rules : DEFAULT_POLICY)} sampleOrderNumber={sample?.orderNumber ?? null} moneyFormat={localeTags[locale]} />
    </>
  );
}
