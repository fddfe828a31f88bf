import { getTranslations } from 'next-intl/server';
import { getDb } from '@/db';
import { getStaffActor } from '@/lib/auth/staff-session';
import type { Locale } from '@/lib/i18n/locales';
import { RESOLUTION_TARGET_SHARE, resolutionShares } from '@/lib/sla/resolution-share';
import { toActor } from '@/lib/staff/ctx';

/** Resolved within the 24 h target, last 7 and 30 days, against the 80 % goal. */
export async function SlaTile({ locale }: { locale: Locale }) {
  const actor = await getStaffActor();
  if (!actor) return null;
  const t = await getTranslations({ locale, namespace: 'staff' });
  const ctx = { db: getDb(), actor: toActor(actor) };
  const periods = await resolutionShares(ctx, [7, 30]);
  return (
    <section aria-labelledby="sla-tile" className="rounded-lg border border-[var(--color-line)] bg-white p-3">
      <h2 id="sla-tile" className="text-sm font-semibold">
        {t('slaTile.title', { target: Math.round(RESOLUTION_TARGET_SHARE * 100) })}
      </h2>
      <dl className="mt-1 flex gap-6">
        {periods.map((p) => (
          <div key={p.days}>
            <dt className="text-sm text-[var(--color-muted)]">{t('slaTile.period', { days: p.days })}</dt>
            <dd data-testid={`sla-share-${p.days}`} className={`text-lg font-semibold ${p.share !== null && p.share < RESOLUTION_TARGET_SHARE ? 'text-[var(--color-danger)]' : 'text-[var(--color-ok)]'}`}>
              {p.share === null ? '—' : `${Math.round(p.share * 100)} %`} <span className="text-sm font-normal text-[var(--color-muted)]">{t('slaTile.of', { met: p.met, decided: p.decided })}</span>
            </dd>
          </div>
        ))}
      </dl>
    </section>
  );
}
