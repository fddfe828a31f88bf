import Link from 'next/link';
import { getTranslations } from 'next-intl/server';
import { logoPath } from '@/lib/settings/branding';
import { getSettingsOverview } from '@/lib/staff-admin/settings-overview';
import { getShopSettings } from '@/lib/settings/shop';
import { toActor } from '@/lib/staff/ctx';
import { staffLocale } from '../_components/staff-locale';
import { regionalFormat } from '@/lib/i18n/format';
import { Card } from '../_ui/card';
import { Cell, DataTable, Row } from '../_ui/data-table';
import { requireAdminPage } from './_admin/require-admin-page';

export async function generateMetadata() {
  const t = await getTranslations({ locale: await staffLocale(), namespace: 'staffSettings' });
  return { title: t('title') };
}

/** Each section's current state and the recent settings changes (who changed what, when). */
export default async function SettingsOverviewPage() {
  const admin = await requireAdminPage();
  const locale = await staffLocale();
  const t = await getTranslations({ locale, namespace: 'staffSettings' });
  const format = regionalFormat(locale);
  const [overview, shop] = await Promise.all([getSettingsOverview({ db: admin.db, actor: toActor(admin.staff) }), getShopSettings()]);
  const when = (iso: string) => format.moment(iso, shop.timeZone);
  const { policy } = overview;
  return (
    <>
      <h1 className="text-2xl font-semibold">{t('title')}</h1>
      <div className="grid gap-4 lg:grid-cols-3">
        <Card title={t('nav.returns')}>
          {policy ? (
            <p data-testid="overview-policy">
              {t('overview.policy', { name: policy.name, days: policy.windowDays, markets: policy.markets, reasons: policy.reasons, bonus: policy.bonusPercent })}
              <br />
              <span className="text-sm text-[var(--color-muted)]">{t('overview.since', { date: when(policy.since) })}</span>
            </p>
          ) : (
            <p>{t('overview.noPolicy')}</p>
          )}
          <Link href="/staff/settings/returns" className="text-[var(--accent)] underline">
            {t('overview.edit', { section: t('nav.returns') })}
          </Link>
        </Card>
        <Card title={t('nav.branding')}>
          {overview.shop.logo && (
            // eslint-disable-next-line @next/next/no-img-element -- the logo is served by our own route
            <img src={logoPath(overview.shop.logo.version)} alt={t('branding.logoAlt', { shop: overview.shop.name })} className="my-2 max-h-12 w-auto" />
          )}
          <p data-testid="overview-branding">
            {overview.shop.name} <span className="inline-block h-4 w-4 rounded align-middle" style={{ background: overview.shop.accentColor }} aria-hidden="true" /> {overview.shop.accentColor}
          </p>
          <p className="text-sm">{[overview.shop.supportEmail, overview.shop.supportPhone, overview.shop.supportUrl].filter(Boolean).join(' · ') || t('overview.noContact')}</p>
          <Link href="/staff/settings/branding" className="text-[var(--accent)] underline">
            {t('overview.edit', { section: t('nav.branding') })}
          </Link>
        </Card>
        <Card title={t('nav.emails')}>
          <p data-testid="overview-emails">{t('overview.emailOverrides', { count: overview.emailOverrides })}</p>
          <Link href="/staff/settings/emails" className="text-[var(--accent)] underline">
            {t('overview.edit', { section: t('nav.emails') })}
          </Link>
        </Card>
      </div>
      <section aria-labelledby="ov-audit" className="space-y-2">
        <h2 id="ov-audit" className="text-lg font-semibold">
          {t('overview.auditTitle')}
        </h2>
        <DataTable
          caption={t('overview.auditTitle')}
          columns={[t('overview.when'), t('overview.who'), t('overview.what'), t('overview.fields')]}
          empty={t('overview.auditEmpty')}
          testId="settings-audit"
        >
          {overview.audit.map((row) => (
            <Row key={row.id}>
              <Cell className="whitespace-nowrap">{when(row.at)}</Cell>
              <Cell>{row.staffName ?? t('overview.system')}</Cell>
              <Cell>
                <code>{row.key}</code>
              </Cell>
              <Cell>{row.changed.join(', ') || '—'}</Cell>
            </Row>
          ))}
        </DataTable>
      </section>
    </>
  );
}
