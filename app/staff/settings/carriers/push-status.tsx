import { getTranslations } from 'next-intl/server';
import type { CarrierId } from '@/lib/core/enums';
import type { Locale } from '@/lib/core/locales';
import type { PushSetup, PushSummary } from '@/lib/carriers/push-subscriptions';

const STATUSES = ['active', 'pending', 'validating', 'to_delete', 'failed', 'deleted'] as const;

/** Read-only: whether push subscriptions run for a carrier, how many there are by status, and the latest error. */
export async function PushSubscriptionStatus({ carrier, setup, summary, locale, when }: { carrier: CarrierId; setup: PushSetup; summary: PushSummary; locale: Locale; when: (iso: string) => string }) {
  const t = await getTranslations({ locale, namespace: 'carrierPush' });
  const notReady = (reason: Exclude<PushSetup, { ready: true }>['reason']): string =>
    reason === 'no_public_url' ? t('notReady.no_public_url', { env: `PALUU_CARRIER_${carrier.toUpperCase()}_PUSH_CALLBACK_BASE_URL` }) : t(`notReady.${reason}`);
  const total = STATUSES.reduce((n, s) => n + (summary.counts[s] ?? 0), 0);
  return (
    <section className="space-y-2 lg:col-span-2" data-testid={`push-status-${carrier}`} aria-labelledby={`push-${carrier}`}>
      <h2 id={`push-${carrier}`} className="text-lg font-semibold">
        {t('title')}
      </h2>
      <p className="text-sm">{t('intro')}</p>
      <p className="text-sm font-medium">
        {setup.ready ? t('ready') : notReady(setup.reason)}
      </p>
      {setup.ready && <p className="text-sm break-all">{t('callback', { url: setup.ctx.callbackUrl })}</p>}
      {total === 0 ? (
        <p className="text-sm">{t('none')}</p>
      ) : (
        <dl className="grid grid-cols-2 gap-x-4 gap-y-1 text-sm sm:grid-cols-3">
          {STATUSES.filter((s) => summary.counts[s]).map((s) => (
            <div key={s} className="flex gap-2">
              <dt>{t(`status.${s}`)}</dt>
              <dd className="font-semibold tabular-nums">{summary.counts[s]}</dd>
            </div>
          ))}
        </dl>
      )}
      {summary.nextExpiry && <p className="text-sm">{t('nextExpiry', { date: when(summary.nextExpiry) })}</p>}
      {summary.lastError && summary.lastErrorAt && (
        <p role="status" className="rounded border border-[var(--color-line)] p-2 text-sm">
          {t('lastError', { date: when(summary.lastErrorAt), error: summary.lastError })}
        </p>
      )}
    </section>
  );
}
