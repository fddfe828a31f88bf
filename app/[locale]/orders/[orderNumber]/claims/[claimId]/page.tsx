import type { Metadata } from 'next';
import { notFound, redirect } from 'next/navigation';
import { getTranslations, setRequestLocale } from 'next-intl/server';
import { getDb } from '@/db';
import { getVerifiedOrderAccessByNumber } from '@/lib/auth/order-access';
import { getCustomerClaim } from '@/lib/claims/queries';
import { carrierCatalog, type Carrier } from '@/lib/carriers/catalog';
import { toLocale } from '@/lib/i18n/locales';
import { localDateTime } from '../../../../_components/dates';
import { getPageDates } from '../../../../_components/page-dates';

type Params = Promise<{ locale: string; orderNumber: string; claimId: string }>;

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  const t = await getTranslations({ locale: toLocale((await params).locale), namespace: 'claims.status' });
  return { title: t('title') };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The customer's view of a claim: what was reported, what was asked for, where it stands. */
export default async function ClaimStatusPage({ params }: { params: Params }) {
  const { locale: raw, orderNumber: rawNumber, claimId } = await params;
  const locale = toLocale(raw);
  setRequestLocale(locale);
  const orderNumber = decodeURIComponent(rawNumber).slice(0, 64);
  const db = getDb();
  const access = await getVerifiedOrderAccessByNumber(orderNumber);
  if (!access) redirect(`/${locale}?order=${encodeURIComponent(orderNumber)}`);
  const { orderId } = access;
  const claim = UUID.test(claimId) ? await getCustomerClaim(db, orderId, claimId) : null;
  if (!claim) notFound();
  const [t, tc, dates] = await Promise.all([getTranslations('claims.status'), getTranslations('claims'), getPageDates()]);
  return (
    <div className="space-y-6">
      <div role="status" className="space-y-2">
        <h1 className="text-2xl font-semibold sm:text-3xl">{t('title')}</h1>
        {claim.caseNumber !== null && <p>{t('intro', { caseNumber: claim.caseNumber })}</p>}
      </div>
      <p className="rounded-xl border border-[var(--color-ok)] bg-white p-3">{claim.type === 'not_received' ? tc('notReceivedInfo') : tc('shopHandles')}</p>
      <dl className="space-y-3 rounded-2xl border border-[var(--color-line)] bg-white p-5">
        <div>
          <dt className="text-sm text-[var(--color-muted)]">{t('reported')}</dt>
          <dd data-testid="claim-type">{tc(`types.${claim.type}`)}</dd>
        </div>
        <div>
          <dt className="text-sm text-[var(--color-muted)]">{t('sent', { date: localDateTime(dates, claim.createdAt) })}</dt>
          <dd data-testid="claim-state">{t(`state.${claim.status}`)}</dd>
        </div>
        {claim.remedy && (
          <div>
            <dt className="text-sm text-[var(--color-muted)]">{t('requested')}</dt>
            <dd>{tc(`remedies.${claim.remedy}`)}</dd>
          </div>
        )}
        {claim.lines.length > 0 && (
          <div>
            <dt className="text-sm text-[var(--color-muted)]">{t('items')}</dt>
            <dd>
              <ul>
                {claim.lines.map((l, i) => (
                  <li key={i}>
                    {l.quantity} × {l.title}
                  </li>
                ))}
              </ul>
            </dd>
          </div>
        )}
        {claim.parcel && (
          <div>
            <dt className="text-sm text-[var(--color-muted)]">{t('parcel')}</dt>
            <dd>
              {carrierCatalog[claim.parcel.carrier as Carrier]?.name ?? claim.parcel.carrier} · {claim.parcel.trackingNumber}
            </dd>
          </div>
        )}
        {claim.description && (
          <div>
            <dt className="text-sm text-[var(--color-muted)]">{t('described')}</dt>
            <dd className="whitespace-pre-line">{claim.description}</dd>
          </div>
        )}
        <div>
          <dt className="sr-only">{tc('photos')}</dt>
          <dd data-testid="claim-photos">{t('photoCount', { count: claim.photoCount })}</dd>
        </div>
      </dl>
      <p>
        <a href={`/${locale}/orders/${encodeURIComponent(orderNumber)}`}>{t('backToOrder')}</a>
      </p>
    </div>
  );
}
