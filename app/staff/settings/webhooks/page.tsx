import Link from 'next/link';
import { getTranslations } from 'next-intl/server';
import { PUBLIC_EVENT_TYPES } from '@/lib/core/events/catalog';
import { listWebhookEndpoints } from '@/lib/webhooks/queries';
import { staffLocale } from '../../_components/staff-locale';
import { toActor } from '@/lib/staff/ctx';
import { Badge } from '../../_ui/badge';
import { Cell, DataTable, Row, RowHeader } from '../../_ui/data-table';
import { requireAdminPage } from '../_admin/require-admin-page';
import { CreateEndpointForm } from './endpoint-forms';
import { ScopedIntl } from '../../_ui/scoped-intl';

export async function generateMetadata() {
  const t = await getTranslations({ locale: await staffLocale(), namespace: 'webhooks' });
  return { title: t('title') };
}

export default async function WebhooksPage() {
  const admin = await requireAdminPage();
  const t = await getTranslations({ locale: await staffLocale(), namespace: 'webhooks' });
  const endpoints = await listWebhookEndpoints({ db: admin.db, actor: toActor(admin.staff) });
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-semibold">{t('title')}</h1>
      <p>{t('intro')}</p>
      <ScopedIntl namespaces={['staffAdmin', 'webhooks']}>
        <CreateEndpointForm eventTypes={[...PUBLIC_EVENT_TYPES]} />
      </ScopedIntl>
      <DataTable caption={t('caption')} columns={(['url', 'events', 'status', 'actions'] as const).map((k) => t(`columns.${k}`))} empty={t('empty')}>
        {endpoints.map((e) => (
          <Row key={e.id} data-testid="endpoint-row">
            <RowHeader className="break-all">
              {e.url}
              {e.description && <span className="block text-[var(--color-muted)]">{e.description}</span>}
            </RowHeader>
            <Cell>{t('eventCount', { count: e.events.length })}</Cell>
            <Cell data-testid="endpoint-status">
              <Badge tone={e.enabled ? 'success' : e.disabledReason === 'failing' ? 'danger' : 'neutral'}>
                {e.enabled ? t('status.enabled') : e.disabledReason === 'failing' ? t('status.disabledFailing') : t('status.disabled')}
              </Badge>
            </Cell>
            <Cell>
              <Link href={`/staff/settings/webhooks/${e.id}`} className="text-[var(--accent)] underline" aria-label={`${t('manage')}: ${e.url}`}>
                {t('manage')}
              </Link>
            </Cell>
          </Row>
        ))}
      </DataTable>
    </div>
  );
}
