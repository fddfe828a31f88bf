import { getTranslations } from 'next-intl/server';
import { listApiKeys } from '@/lib/api-keys/queries';
import { API_SCOPES } from '@/lib/api-keys/schemas';
import { getShopSettings } from '@/lib/settings/shop';
import { staffLocale } from '../../_components/staff-locale';
import { regionalFormat } from '@/lib/i18n/format';
import { ScopedIntl } from '../../_ui/scoped-intl';
import { Badge } from '../../_ui/badge';
import { Cell, DataTable, Row, RowHeader } from '../../_ui/data-table';
import { requireAdminPage } from '../_admin/require-admin-page';
import { CreateKeyForm, RevokeKey } from './key-forms';

export async function generateMetadata() {
  const t = await getTranslations({ locale: await staffLocale(), namespace: 'staffAdmin.apiKeys' });
  return { title: t('title') };
}

export default async function ApiKeysPage() {
  const admin = await requireAdminPage();
  const locale = await staffLocale();
  const t = await getTranslations({ locale, namespace: 'staffAdmin.apiKeys' });
  const ta = await getTranslations({ locale, namespace: 'staffAdmin' });
  const format = regionalFormat(locale);
  const [keys, shop] = await Promise.all([listApiKeys(admin.db), getShopSettings()]);
  const when = (iso: string) => format.moment(iso, shop.timeZone);
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-semibold">{t('title')}</h1>
      <p>
        {t('intro')}{' '}
        <a href="/api/v1/openapi.json" className="text-[var(--accent)] underline">
          {t('docs')}
        </a>
      </p>
      <ScopedIntl namespaces={['staffAdmin']}>
        <CreateKeyForm scopes={[...API_SCOPES]} />
        <DataTable caption={t('caption')} columns={(['name', 'prefix', 'scopes', 'created', 'lastUsed', 'status', 'actions'] as const).map((k) => t(`columns.${k}`))} empty={t('empty')}>
          {keys.map((k) => (
            <Row key={k.id} data-testid="key-row" data-prefix={k.prefix}>
              <RowHeader>{k.name}</RowHeader>
              <Cell className="font-mono">pal_{k.prefix}_…</Cell>
              <Cell>{k.scopes.join(', ')}</Cell>
              <Cell>{when(k.createdAt)}</Cell>
              <Cell>{k.lastUsedAt ? when(k.lastUsedAt) : ta('never')}</Cell>
              <Cell data-testid="key-status">
                <Badge tone={k.revokedAt ? 'neutral' : 'success'}>{k.revokedAt ? t('status.revoked', { date: when(k.revokedAt) }) : t('status.active')}</Badge>
              </Cell>
              <Cell>{!k.revokedAt && <RevokeKey prefix={k.prefix} name={k.name} />}</Cell>
            </Row>
          ))}
        </DataTable>
      </ScopedIntl>
    </div>
  );
}
