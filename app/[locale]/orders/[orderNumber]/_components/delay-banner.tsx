import { getTranslations } from 'next-intl/server';
import { getDb } from '@/db';
import { listDelayBanners } from '@/lib/delays/queries';
import type { Locale } from '@/lib/i18n/locales';
import { findOrderIdByNumber } from '@/lib/orders/queries';

/**
 * The delay notice the customer got, as a polite banner on the tracking page (one per delay episode, in the
 * page's language), with the way to the remedy page while a choice is open. Rendered only after the page has checked access. The link view
 * (a shareable tracking link) gets the notice's heading and a generic line: no personal data, and no
 * remedy link (choosing can cancel the order).
 */
export async function DelayBanner({ orderNumber, view, locale }: { orderNumber: string; view: 'verified' | 'link'; locale: Locale }) {
  const db = getDb();
  const orderId = await findOrderIdByNumber(db, orderNumber);
  if (!orderId) return null;
  // In the page's language, like everything else on it (the email went out in the order's).
  const banners = await listDelayBanners(db, orderId, locale);
  if (banners.length === 0) return null;
  const [t, tr] = await Promise.all([getTranslations({ locale, namespace: 'delayBanner' }), getTranslations({ locale, namespace: 'remedy' })]);
  return (
    <div className="space-y-3">
      {banners.map((b) => (
        <section
          key={b.incidentId}
          role="status"
          aria-labelledby={`delay-${b.incidentId}`}
          data-testid="delay-banner"
          className="space-y-2 rounded-2xl border-2 border-[var(--color-warn)] bg-[var(--color-warn-bg)] p-4"
        >
          <p className="text-sm font-semibold">{t('label')}</p>
          <h2 id={`delay-${b.incidentId}`} lang={b.locale} className="text-lg font-semibold">
            {b.heading}
          </h2>
          {view === 'verified' ? (
            b.paragraphs.map((p, i) => (
              <p key={i} lang={b.locale}>
                {p}
              </p>
            ))
          ) : (
            <p>{t('linkView')}</p>
          )}
          {b.remedyChosen && <p className="font-semibold">{t('chosen', { option: tr(`options.${b.remedyChosen}.title`) })}</p>}
          {view === 'verified' && b.remedyPath && (
            <a href={b.remedyPath} className="inline-flex min-h-11 items-center rounded-lg bg-[var(--accent)] px-4 font-semibold text-white no-underline">
              {t('choose')}
            </a>
          )}
        </section>
      ))}
    </div>
  );
}
