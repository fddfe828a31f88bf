import { getTranslations } from 'next-intl/server';
import { carrierName } from '@/lib/carriers/catalog';
import { PUSH_SUBSCRIPTION_CARRIERS, pushSetup, pushSubscriptionSummary } from '@/lib/carriers/push-subscriptions';
import { readDelaySettings } from '@/lib/delays/settings';
import { appUrl } from '@/lib/core/url';
import { getShopSettings } from '@/lib/settings/shop';
import { listCarrierSettings } from '@/lib/staff-admin/carrier-settings';
import { delayFormValues } from '@/lib/staff-admin/delay-settings-form';
import { staffLocale } from '../../_components/staff-locale';
import { regionalFormat } from '@/lib/i18n/format';
import { ScopedIntl } from '../../_ui/scoped-intl';
import { requireAdminPage } from '../_admin/require-admin-page';
import { CarrierBookingTest, CarrierConnectionForm, CarrierSecrets } from './carrier-forms';
import { DelayThresholdsForm } from './delay-form';
import { PushSubscriptionStatus } from './push-status';

export async function generateMetadata() {
  const t = await getTranslations({ locale: await staffLocale(), namespace: 'staffAdmin.carriers' });
  return { title: t('title') };
}

export default async function CarrierSettingsPage() {
  const admin = await requireAdminPage();
  const locale = await staffLocale();
  const t = await getTranslations({ locale, namespace: 'staffAdmin.carriers' });
  const format = regionalFormat(locale);
  const db = admin.db;
  const [carriers, delays, shop] = await Promise.all([listCarrierSettings(db), readDelaySettings(db), getShopSettings()]);
  const [pushSummaries, pushSetups] = await Promise.all([pushSubscriptionSummary(db), Promise.all(PUSH_SUBSCRIPTION_CARRIERS.map((c) => pushSetup(db, c)))]);
  const when = (iso: string) => format.moment(iso, shop.timeZone);
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-semibold">{t('title')}</h1>
      <p>{t('intro')}</p>
      <p className="rounded-lg border border-[var(--color-line)] bg-[var(--color-canvas)] p-3 text-sm">{t('envNote')}</p>
      <ScopedIntl namespaces={['staffAdmin']}>
        {carriers.map((c) => (
          <details key={c.carrier} className="rounded-lg border border-[var(--color-line)] bg-white" data-testid={`carrier-${c.carrier}`}>
            <summary className="min-h-11 cursor-pointer p-3 text-lg font-semibold">{carrierName(c.carrier)}</summary>
            <div className="grid gap-6 border-t border-[var(--color-line)] p-4 lg:grid-cols-2">
              <div className="space-y-4">
                <CarrierConnectionForm carrier={c} webhookUrl={appUrl(`/api/webhooks/carriers/${c.carrier}`)} />
                {c.bookingVia && <CarrierBookingTest carrier={c.carrier} name={carrierName(c.carrier)} />}
              </div>
              <CarrierSecrets
                carrier={c.carrier}
                name={carrierName(c.carrier)}
                bookingApiKey={c.bookingFields.includes('bookingApiKey')}
                secrets={Object.fromEntries(Object.entries(c.secrets).map(([field, s]) => [field, { ...s, changedLabel: s.changedAt ? when(s.changedAt) : null, envName: c.envOverrides[field] ?? null }]))}
              />
              {PUSH_SUBSCRIPTION_CARRIERS.includes(c.carrier) && (
                <PushSubscriptionStatus
                  carrier={c.carrier}
                  setup={pushSetups.find((p) => p.carrier === c.carrier)!}
                  summary={pushSummaries.find((p) => p.carrier === c.carrier)!}
                  locale={locale}
                  when={when}
                />
              )}
            </div>
          </details>
        ))}
        <DelayThresholdsForm values={delayFormValues(delays)} carriers={carriers.map((c) => ({ id: c.carrier, name: carrierName(c.carrier) }))} />
      </ScopedIntl>
    </div>
  );
}
