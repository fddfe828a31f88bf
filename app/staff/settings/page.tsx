import Link from 'next/link';
import { getFormatter, getTranslations } from 'next-intl/server';
import { getDb } from '@/db';
import { logoPath } from '@/lib/settings/branding';
import { getSettingsOverview } from '@/lib/staff-admin/settings-overview';
import { getShopSettings } from '@/lib/settings/shop';
import { toActor } from '@/lib/staff/ctx';
import { staffLocale } from '../_components/staff-locale';
import { requireAdminPage } from './_components/require-admin-page';

export async function generateMetadata() {
  const t = await getTranslations({ locale: await staffLocale(), namespace: 'staffSettings' });
  return { title: t('title') };
}

const card = 'rounded-lg border border-[var(--color-line)] bg-white p-4';

/** Each section's current state and the recent settings changes (who changed what, when). */
export default async function SettingsOverviewPage() {
  const staff = await requireAdminPage();
  const locale = await staffLocale();
  const t = await getTranslations({ locale, namespace: 'staffSettings' });
  const format = await getFormatter({ locale });
  const [overview, shop] = await Promise.all([getSettingsOverview({ db: getDb(), actor: toActor(staff) }), getShopSettings()]);
  const when = (iso: string) => format.dateTime(new Date(iso), { dateStyle: 'medium', timeStyle: 'short', timeZone: shop.timeZone });
  const { policy } = overview;
  return (
    <>
      <h1 className="text-2xl font-semibold">{t('title')}</h1>
      <div className="grid gap-4 lg:grid-cols-3">
        <section className={card} aria-labelledby="ov-returns">
          <h2 id="ov-returns" className="text-lg font-semibold">
            {t('nav.returns')}
          </h2>
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
        </section>
        <section className={card} aria-labelledby="ov-branding">
          <h2 id="ov-branding" className="text-lg font-semibold">
            {t('nav.branding')}
          </h2>
          {overview.shop.logo && (
            // eslint-disable-next-line @next/next/no-img-element -- the logo is served by our own route
            <img src={logoPath(overview.shop.logo.version)} alt={t('branding.logoAlt', { shop: overview.shop.name })} className="my-2 max-h-12 w-auto" />
          )}
          <p data-testid="overview-branding">
            {overview.shop.name}{' '}
            <span className="inline-block h-4 w-4 rounded align-middle" style={{ background: overview.shop.accentColor }} aria-hidden="true" /> {overview.shop.accentColor}
          </p>
          <p className="text-sm">{[overview.shop.supportEmail, overview.shop.supportPhone, overview.shop.supportUrl].filter(Boolean).join(' · ') || t('overview.noContact')}</p>
          <Link href="/staff/settings/branding" className="text-[var(--accent)] underline">
            {t('overview.edit', { section: t('nav.branding') })}
          </Link>
        </section>
        <section className={card} aria-labelledby="ov-emails">
          <h2 id="ov-emails" className="text-lg font-semibold">
            {t('nav.emails')}
          </h2>
          <p data-testid="overview-emails">{t('overview.emailOverrides', { count: overview.emailOverrides })}</p>
          <Link href="/staff/settings/emails" className="text-[var(--accent)] underline">
            {t('overview.edit', { section: t('nav.emails') })}
          </Link>
        </section>
      </div>
      <section aria-labelledby="ov-audit" className="space-y-2">
        <h2 id="ov-audit" className="text-lg font-semibold">
          {t('overview.auditTitle')}
        </h2>
        {overview.audit.length === 0 ? (
          <p>{t('overview.auditEmpty')}</p>
        ) : (
          <div className="overflow-x-auto rounded-lg border border-[var(--color-line)] bg-white" tabIndex={0} role="region" aria-labelledby="ov-audit">
            <table className="w-full text-left text-sm" data-testid="settings-audit">
              <thead>
                <tr className="border-b border-[var(--color-line)]">
                  <th scope="col" className="p-2">{t('overview.when')}</th>
                  <th scope="col" className="p-2">{t('overview.who')}</th>
                  <th scope="col" className="p-2">{t('overview.what')}</th>
                  <th scope="col" className="p-2">{t('overview.fields')}</th>
                </tr>
              </thead>
              <tbody>
                {overview.audit.map((row) => (
                  <tr key={row.id} className="border-b border-[var(--color-line)]">
                    <td className="p-2 whitespace-nowrap">{when(row.at)}</td>
                    <td className="p-2">{row.staffName ?? t('overview.system')}</td>
                    <td className="p-2">
                      <code>{row.key}</code>
                    </td>
                    <td className="p-2">{row.changed.join(', ') || '—'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </>
  );
}
