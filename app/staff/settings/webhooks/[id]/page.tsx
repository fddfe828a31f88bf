import Link from 'next/link';
import { getTranslations } from 'next-intl/server';
import { notFound } from 'next/navigation';
import { PUBLIC_EVENT_TYPES } from '@/lib/core/events/catalog';
import { isAppError } from '@/lib/errors';
import { getShopSettings } from '@/lib/settings/shop';
import { toActor } from '@/lib/staff/ctx';
import { getWebhookEndpoint, listWebhookDeliveries } from '@/lib/webhooks/queries';
import { staffLocale } from '../../../_components/staff-locale';
import { regionalFormat } from '@/lib/i18n/format';
import { Cell, DataTable, Row, RowHeader } from '../../../_ui/data-table';
import { requireAdminPage } from '../../_admin/require-admin-page';
import { EditEndpointForm, EndpointActions, ResendDelivery } from '../endpoint-forms';
import { ScopedIntl } from '../../../_ui/scoped-intl';

export async function generateMetadata() {
  const t = await getTranslations({ locale: await staffLocale(), namespace: 'webhooks' });
  return { title: t('endpointTitle') };
}

export default async function WebhookEndpointPage({ params }: { params: Promise<{ id: string }> }) {
  const admin = await requireAdminPage();
  const { id } = await params;
  const ctx = { db: admin.db, actor: toActor(admin.staff) };
  const locale = await staffLocale();
  const t = await getTranslations({ locale, namespace: 'webhooks' });
  const format = regionalFormat(locale);
  let endpoint;
  try {
    endpoint = await getWebhookEndpoint(ctx, id);
  } catch (error) {
    if (isAppError(error) && error.code === 'not_found') notFound();
    throw error;
  }
  const [deliveries, shop] = await Promise.all([listWebhookDeliveries(ctx, endpoint.id), getShopSettings()]);
  const when = (iso: string) => format.moment(iso, shop.timeZone, 'seconds');
  return (
    <div className="space-y-6">
      <p>
        <Link href="/staff/settings/webhooks" className="text-[var(--accent)] underline">
          {t('back')}
        </Link>
      </p>
      <h1 className="text-2xl font-semibold break-all">{t('endpointHeading', { url: endpoint.url })}</h1>
      <p data-testid="endpoint-state">
        {endpoint.enabled ? t('status.enabled') : endpoint.disabledReason === 'failing' ? t('status.disabledFailing') : t('status.disabled')}
        {endpoint.failingSince && ` · ${t('failingSince', { date: when(endpoint.failingSince) })}`}
      </p>
      <ScopedIntl namespaces={['staffAdmin', 'webhooks']}>
        <EndpointActions id={endpoint.id} url={endpoint.url} />
        <EditEndpointForm id={endpoint.id} eventTypes={[...PUBLIC_EVENT_TYPES]} initial={{ url: endpoint.url, description: endpoint.description ?? '', events: endpoint.events, enabled: endpoint.enabled }} />
        <section aria-labelledby="deliveries" className="space-y-2">
          <h2 id="deliveries" className="text-lg font-semibold">
            {t('deliveriesHeading')}
          </h2>
          <p className="text-sm text-[var(--color-muted)]">{t('deliveriesIntro')}</p>
          <DataTable
            caption={t('deliveriesHeading')}
            columns={(['type', 'status', 'code', 'duration', 'attempt', 'time', 'actions'] as const).map((k) => t(`deliveryColumns.${k}`))}
            empty={t('deliveriesEmpty')}
          >
            {deliveries.map((d) => (
              <Row key={d.id} data-testid="delivery-row" data-status={d.status}>
                <RowHeader className="font-mono">{d.eventType}</RowHeader>
                <Cell data-testid="delivery-status">
                  {t(`deliveryStatus.${d.status}`)}
                  {d.lastError && <span className="block text-xs break-all text-[var(--color-muted)]">{d.lastError}</span>}
                </Cell>
                <Cell data-testid="delivery-code">{d.lastStatusCode ?? '–'}</Cell>
                <Cell>{d.lastDurationMs === null ? '–' : t('durationMs', { ms: d.lastDurationMs })}</Cell>
                <Cell>{d.attempts}</Cell>
                <Cell>{when(d.lastAttemptAt ?? d.createdAt)}</Cell>
                <Cell>{d.status !== 'pending' && <ResendDelivery id={endpoint.id} deliveryId={d.id} />}</Cell>
              </Row>
            ))}
          </DataTable>
        </section>
      </ScopedIntl>
    </div>
  );
}
