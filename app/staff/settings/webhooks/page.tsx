import Link from 'next/link';
import { getTranslations } from 'next-intl/server';
import { PUBLIC_EVENT_TYPES } from '@/lib/core/events/catalog';
import { listWebhookEndpoints } from '@/lib/webhooks/queries';
import { staffLocale } from '../../_components/staff-locale';
import { toActor } from '@/lib/staff/ctx';
import { DataTable } from '../../_ui/data-table';
import { AdminOnly, requireAdminPage } from '../_admin/require-admin-page';
import { CreateEndpointForm } from './endpoint-forms';
import { ScopedIntl } from '../../_ui/scoped-intl';

export async function generateMetadata() {
  const t = await getTranslations({ locale: await staffLocale(), namespace: 'webhooks' });
  return { title: t('title') };
}

export default async function WebhooksPage() {
  const admin = await requireAdminPage();
  if (!admin) return <AdminOnly />;
  const t = await getTranslations({ locale: await staffLocale(), namespace: 'webhooks' });
  const endpoints = await listWebhookEndpoints({ db: admin.db, actor: toActor(admin.staff) });
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-semibold">{t('title')}</h1>
      <p>{t('intro')}</p>
      <ScopedIntl namespaces={['staffAdmin', 'webhooks']}>
        <CreateEndpointForm eventTypes={[...PUBLIC_EVENT_TYPES]} />
      </ScopedIntl>
      {endpoints.length === 0 ? (
        <p>{t('empty')}</p>
      ) : (
        <DataTable caption={t('caption')} columns={(['url', 'events', 'status', 'actions'] as const).map((k) => t(`columns.${k}`))}>
          {endpoints.map((e) => (
            <tr key={e.id} className="border-b border-[var(--color-line)] align-top" data-testid="endpoint-row">
              <th scope="row" className="p-2 font-normal break-all">
                {e.url}
                {e.description && <span className="block text-[var(--color-muted)]">{e.description}</span>}
              </th>
              <td className="p-2">{t('eventCount', { count: e.events.length })}</td>
              <td className="p-2" data-testid="endpoint-status">
                {e.enabled ? t('status.enabled') : e.disabledReason === 'failing' ? t('status.disabledFailing') : t('status.disabled')}
              </td>
              <td className="p-2">
                <Link href={`/staff/settings/webhooks/${e.id}`} className="text-[var(--accent)] underline" aria-label={`${t('manage')}: ${e.url}`}>
                  {t('manage')}
                </Link>
              </td>
            </tr>
          ))}
        </DataTable>
      )}
    </div>
  );
}
