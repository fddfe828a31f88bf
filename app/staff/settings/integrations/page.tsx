import { getTranslations } from 'next-intl/server';
import { appUrl } from '@/lib/core/url';
import { listIntegrations } from '@/lib/platforms/integrations';
import { PLATFORM_NAMES } from '@/lib/platforms/platform';
import { SHOPIFY_TOPICS } from '@/lib/platforms/shopify/platform';
import { WOO_TOPICS } from '@/lib/platforms/woocommerce/platform';
import { getShopSettings } from '@/lib/settings/shop';
import { staffLocale } from '../../_components/staff-locale';
import { regionalFormat } from '@/lib/i18n/format';
import { ScopedIntl } from '../../_ui/scoped-intl';
import { Cell, DataTable, Row, RowHeader } from '../../_ui/data-table';
import { requireAdminPage } from '../_admin/require-admin-page';
import { AddShopifyForm, AddWooForm, IntegrationActions } from './integration-forms';

export async function generateMetadata() {
  const t = await getTranslations({ locale: await staffLocale(), namespace: 'staffAdmin.integrations' });
  return { title: t('title') };
}

export default async function IntegrationsPage() {
  const admin = await requireAdminPage();
  const locale = await staffLocale();
  const t = await getTranslations({ locale, namespace: 'staffAdmin.integrations' });
  const format = regionalFormat(locale);
  const [integrations, shop] = await Promise.all([listIntegrations(admin.db), getShopSettings()]);
  const when = (date: Date) => format.moment(date, shop.timeZone);
  const summary = (result: Record<string, unknown> | null) =>
    !result ? '' : 'error' in result ? t('backfillFailed', { error: String(result.error) }) : t('backfillSummary', result as Record<string, number>);
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-semibold">{t('title')}</h1>
      <p>{t('intro')}</p>
      <p className="text-sm">{t('webhooksHint', { url: appUrl('/api/integrations/shopify/webhooks'), topics: SHOPIFY_TOPICS.join(', ') })}</p>
      <ScopedIntl namespaces={['staffAdmin']}>
        <DataTable caption={t('caption')} columns={(['shop', 'platform', 'added', 'lastBackfill', 'actions'] as const).map((k) => t(`columns.${k}`))} empty={t('empty')}>
          {integrations.map((i) => (
            <Row key={i.id} data-testid="integration-row" data-domain={i.domain}>
              <RowHeader>{i.displayName}</RowHeader>
              <Cell>{PLATFORM_NAMES[i.platform]}</Cell>
              <Cell>{when(i.createdAt)}</Cell>
              <Cell>{i.lastBackfillAt ? `${when(i.lastBackfillAt)} — ${summary(i.lastBackfillResult)}` : t('never')}</Cell>
              <Cell>
                <IntegrationActions id={i.id} shop={i.displayName} />
              </Cell>
            </Row>
          ))}
        </DataTable>
        <AddShopifyForm />
        <p className="text-sm">{t('woo.webhooksHint', { url: appUrl('/api/integrations/woocommerce/webhooks'), topics: WOO_TOPICS.join(', ') })}</p>
        <AddWooForm />
      </ScopedIntl>
    </div>
  );
}
