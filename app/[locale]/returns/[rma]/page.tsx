import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { getFormatter, getTranslations, setRequestLocale } from 'next-intl/server';
import { getDb } from '@/db';
import { getVerifiedOrderAccess } from '@/lib/auth/order-access';
import { carrierName } from '@/lib/carriers/catalog';
import { toLocale } from '@/lib/i18n/locales';
import { findReturnOrder, getCustomerReturn, type CustomerReturnDto } from '@/lib/returns/queries';
import { rmaSchema } from '@/lib/returns/schemas';
import { returnPageView } from '@/lib/returns/status-view';
import { ProductImage } from '../../_components/product-image';
import { localDate, localDateTime } from '../../_components/dates';
import { getPageDates } from '../../_components/page-dates';
import { ReturnLabelSection } from './_components/return-label-section';
import { cancelReturnAction } from './actions';
import { storeCreditsOfReturn } from '@/lib/store-credits/queries';

type Params = Promise<{ locale: string; rma: string }>;
type Search = Promise<{ cancel?: string; result?: string }>;

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  const { locale, rma } = await params;
  const t = await getTranslations({ locale: toLocale(locale), namespace: 'returnPage' });
  return { title: t('title', { rma: decodeURIComponent(rma).slice(0, 20) }) };
}

type StepKey = 'requested' | 'approved' | 'label_issued' | 'in_transit' | 'received' | 'inspected' | 'outcome' | 'closed' | 'rejected' | 'canceled';

/** The timeline: what has happened (with when), and what is still to come. */
function timeline(r: CustomerReturnDto): Array<{ key: StepKey; at: string | null; done: boolean }> {
  const steps: Array<{ key: StepKey; at: string | null }> = [
    { key: 'requested', at: r.times.requested },
    { key: 'approved', at: r.times.approved },
    { key: 'label_issued', at: r.times.label_issued },
    { key: 'in_transit', at: r.inTransitAt },
    { key: 'received', at: r.times.received },
    { key: 'inspected', at: r.times.inspected },
    { key: 'outcome', at: r.times.completed },
    { key: 'closed', at: r.times.completed },
  ];
  const end = r.status === 'canceled' || r.status === 'rejected' ? r.status : null;
  if (end) {
    const happened = steps.filter((s) => s.at !== null);
    return [...happened.map((s) => ({ ...s, done: true })), { key: end, at: r.times[end], done: true }];
  }
  return steps.map((s) => ({ ...s, done: s.at !== null }));
}

export default async function ReturnPage({ params, searchParams }: { params: Params; searchParams: Search }) {
  const { locale: rawLocale, rma: rawRma } = await params;
  const locale = toLocale(rawLocale);
  setRequestLocale(locale);
  const parsed = rmaSchema.safeParse(decodeURIComponent(rawRma));
  const db = getDb();
  const found = parsed.success ? await findReturnOrder(db, parsed.data) : null;
  // Without access to the order the page shows nothing: the plain lookup page, the same for an existing
  // and a missing RMA (RMA numbers run in sequence; naming the order would hand out order numbers).
  if (!found || !(await getVerifiedOrderAccess(found.orderId))) redirect(`/${locale}`);
  const r = await getCustomerReturn(db, found.returnId, locale);
  if (!r) redirect(`/${locale}`);
  const { cancel, result } = await searchParams;
  const [t, tr, tCredit, tShip, tParcel, format, credits, dates] = await Promise.all([
    getTranslations('returnPage'),
    getTranslations('refunds'),
    getTranslations('storeCredit'),
    getTranslations('shipNow'),
    getTranslations('parcel'),
    getFormatter(),
    storeCreditsOfReturn(db, r.id),
    getPageDates(),
  ]);
  const money = (minor: number) => format.number(minor / 100, { style: 'currency', currency: r.currency });
  const when = (iso: string) => localDateTime(dates, iso);
  const resolutions = new Set(r.items.map((i) => i.resolution));
  const outcomeLabel = [resolutions.has('refund') && t('timeline.refunded'), resolutions.has('store_credit') && t('timeline.credit_issued'), resolutions.has('exchange') && t('timeline.exchange_shipped')]
    .filter(Boolean)
    .join(' / ');
  const steps = timeline(r);
  const view = returnPageView(r);
  const hasRefundItems = r.items.some((i) => i.resolution === 'refund');
  const carrier = r.carrier ? carrierName(r.carrier) : '';

  return (
    <div className="space-y-6">
      <p>
        <a href={`/${locale}/orders/${encodeURIComponent(r.orderNumber)}`}>{t('backToOrder', { number: r.orderNumber })}</a>
      </p>
      <section aria-labelledby="return-title" className="space-y-2">
        <h1 id="return-title" className="text-2xl font-semibold sm:text-3xl">
          {t('title', { rma: r.rma })}
        </h1>
        <p className="text-lg font-medium" data-testid="return-status">
          {t(`status.${r.status}`)}
        </p>
        {result && (
          <p role="status" className="rounded-lg bg-[var(--color-canvas)] p-3">
            {t(result === 'canceled' ? 'cancel.done' : result === 'unavailable' ? 'cancel.unavailable' : 'cancel.notPossible')}
          </p>
        )}
        {r.status === 'rejected' && r.rejectionReason && <p>{t('rejectionReason', { reason: r.rejectionReason })}</p>}
      </section>

      {r.shipNow && !r.times.received && r.status !== 'rejected' && (
        <section aria-labelledby="ship-now-title" className="rounded-2xl border border-[var(--color-line)] bg-white p-5" data-testid="return-ship-now">
          <h2 id="ship-now-title" className="text-xl font-semibold">
            {tShip('status.title')}
          </h2>
          <p className="mt-2">{tShip('status.body', { date: localDate(dates, r.shipNow.deadline, 'long') })}</p>
        </section>
      )}

      <section aria-labelledby="timeline-title" className="rounded-2xl border border-[var(--color-line)] bg-white p-5">
        <h2 id="timeline-title" className="text-xl font-semibold">
          {t('timelineTitle')}
        </h2>
        <ol className="mt-3 space-y-2">
          {steps.map((step) => (
            <li key={step.key} className="flex gap-3" aria-current={step.done && !steps.find((s, i) => i > steps.indexOf(step) && s.done) ? 'step' : undefined}>
              <span aria-hidden="true" className={`mt-1.5 inline-block h-3 w-3 shrink-0 rounded-full ${step.done ? 'bg-[var(--accent)]' : 'border-2 border-[#8a9691] bg-white'}`} />
              <span>
                <span className={step.done ? 'font-medium' : 'text-[var(--color-muted)]'}>{step.key === 'outcome' ? outcomeLabel : t(`timeline.${step.key}`)}</span>
                <span className="block text-sm text-[var(--color-muted)]">{step.done && step.at ? when(step.at) : step.done ? '' : t('timeline.notYet')}</span>
              </span>
            </li>
          ))}
        </ol>
      </section>

      {credits.length > 0 && (
        <section aria-labelledby="credit-title" className="rounded-2xl border border-[var(--color-line)] bg-white p-5" data-testid="store-credit">
          <h2 id="credit-title" className="text-xl font-semibold">
            {tCredit('title')}
          </h2>
          <ul className="mt-2 space-y-2">
            {credits.map((credit) => (
              <li key={credit.code}>
                <span className="text-sm text-[var(--color-muted)]">{tCredit('code')}</span>{' '}
                <strong className="font-mono text-lg" data-testid="store-credit-code">
                  {credit.code}
                </strong>
                <br />
                <span data-testid="store-credit-balance">
                  {tCredit('balance', {
                    balance: format.number(credit.balance / 100, { style: 'currency', currency: credit.currency }),
                    issued: format.number(credit.issued / 100, { style: 'currency', currency: credit.currency }),
                  })}
                </span>
              </li>
            ))}
          </ul>
          <p className="mt-2 text-sm">{tCredit('howTo')}</p>
        </section>
      )}

      {view.sendSection && (
        <section aria-labelledby="send-title" className="rounded-2xl border border-[var(--color-line)] bg-white p-5">
          <h2 id="send-title" className="text-xl font-semibold">
            {t('sendTitle')}
          </h2>
          <p className="mt-2">{t(`instructions.${r.method}`, { carrier })}</p>
          {r.status === 'requested' && <p className="mt-2 text-[var(--color-muted)]">{t('waitingForApproval')}</p>}
          <ReturnLabelSection rma={r.rma} locale={locale} />
        </section>
      )}

      <section aria-labelledby="items-title" className="rounded-2xl border border-[var(--color-line)] bg-white p-5">
        <h2 id="items-title" className="text-xl font-semibold">
          {t('items')}
        </h2>
        <ul className="mt-3 divide-y divide-[var(--color-line)]">
          {r.items.map((item) => (
            <li key={item.id} className="flex items-start gap-4 py-3">
              {/* The item's title is the next line: an empty alt, so screen readers do not read it twice. */}
              <ProductImage image={item.image} />
              <div className="min-w-0 flex-1">
                <p className="font-medium">{t('item', { quantity: item.quantity, title: item.title, options: Object.values(item.options).join(' · ') || '–' })}</p>
                <p className="text-sm">{t('reason', { reason: item.reason })}</p>
                {item.comment && <p className="text-sm text-[var(--color-muted)]">“{item.comment}”</p>}
                <p className="text-sm">
                  {item.resolution === 'exchange'
                    ? t('resolution.exchange', { name: [item.exchangeTitle, ...Object.values(item.exchangeOptions ?? {})].filter(Boolean).join(' · ') })
                    : t(`resolution.${item.resolution}`)}
                </p>
                {item.photoIds.length > 0 && (
                  <ul className="mt-2 flex flex-wrap gap-2" aria-label={t('photos', { count: item.photoIds.length })}>
                    {item.photoIds.map((id, index) => (
                      <li key={id}>
                        {/* eslint-disable-next-line @next/next/no-img-element -- private, per-customer image */}
                        <img src={`/api/photos/${id}`} alt={t('photo', { number: index + 1 })} className="h-16 w-16 rounded-lg border border-[var(--color-line)] object-cover" />
                      </li>
                    ))}
                  </ul>
                )}
              </div>
            </li>
          ))}
        </ul>
        {view.money === 'estimate' && (
          <dl className="mt-3 grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 border-t border-[var(--color-line)] pt-3 text-sm">
            <dt>{t('money.fee')}</dt>
            <dd>{money(r.fee)}</dd>
            {(hasRefundItems || r.estimatedRefund > 0) && (
              <>
                <dt>{t('money.refund')}</dt>
                <dd data-testid="estimated-refund">{money(r.estimatedRefund)}</dd>
              </>
            )}
            {r.estimatedCredit > 0 && (
              <>
                <dt>{t('money.credit')}</dt>
                <dd>{money(r.estimatedCredit)}</dd>
              </>
            )}
          </dl>
        )}
        {view.money === 'settled' && r.settled && (
          <>
            <dl className="mt-3 grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 border-t border-[var(--color-line)] pt-3 text-sm" data-testid="settled">
              {r.fee > 0 && (
                <>
                  <dt>{t('money.fee')}</dt>
                  <dd>{money(r.fee)}</dd>
                </>
              )}
              {(hasRefundItems || r.settled.refunded > 0) && (
                <>
                  <dt>{t('money.refunded')}</dt>
                  <dd className="font-semibold" data-testid="refunded">
                    {money(r.settled.refunded)}
                  </dd>
                </>
              )}
              {r.settled.credited > 0 && (
                <>
                  <dt>{t('money.credited')}</dt>
                  <dd className="font-semibold" data-testid="credited">
                    {money(r.settled.credited)}
                  </dd>
                </>
              )}
            </dl>
            {r.settled.refunded > 0 && <p className="mt-2 text-sm text-[var(--color-muted)]">{t('money.refundedNote')}</p>}
            {r.refunds.length > 0 && (
              <ul className="mt-2 space-y-1" data-testid="refund-status">
                {r.refunds.map((refund, i) => (
                  <li key={i} data-state={refund.state}>
                    {refund.state === 'issued'
                      ? tr('customer.issued', {
                          amount: money(refund.amount),
                          date: localDate(dates, refund.settledAt!, 'long'),
                          destination: tr(`destination.${refund.destination ?? 'card'}`),
                        })
                      : tr('customer.processing', { amount: money(refund.amount) })}
                  </li>
                ))}
              </ul>
            )}
          </>
        )}
      </section>

      {r.exchangeParcel && (
        <section aria-labelledby="exchange-title" className="rounded-2xl border border-[var(--color-line)] bg-white p-5">
          <h2 id="exchange-title" className="text-xl font-semibold">
            {t('exchangeTitle')}
          </h2>
          {r.exchangeParcel.trackingNumber === null ? (
            <p className="mt-2" data-testid="exchange-awaiting-shop">
              {tParcel('awaitingShop')}
            </p>
          ) : (
            <p className="mt-2">{t('exchangeParcel', { carrier: carrierName(r.exchangeParcel.carrier as Parameters<typeof carrierName>[0]), number: r.exchangeParcel.trackingNumber })}</p>
          )}
          {r.exchangeParcel.url && (
            <p className="mt-2">
              <a href={r.exchangeParcel.url} rel="noopener noreferrer" target="_blank">
                {t('trackExchange')}
              </a>
            </p>
          )}
        </section>
      )}

      {r.canCancel && (
        <section aria-labelledby="cancel-title" className="rounded-2xl border border-[var(--color-line)] bg-white p-5">
          <h2 id="cancel-title" className="text-xl font-semibold">
            {t('cancel.title')}
          </h2>
          {cancel === 'confirm' ? (
            <form action={cancelReturnAction} className="mt-3 space-y-3">
              <p>{t(`cancel.${view.cancelConfirmKey}`, { rma: r.rma })}</p>
              <input type="hidden" name="rma" value={r.rma} />
              <input type="hidden" name="locale" value={locale} />
              <div className="flex flex-wrap gap-3">
                <button type="submit" className="min-h-12 rounded-xl bg-[var(--color-danger)] px-5 font-semibold text-white">
                  {t('cancel.confirm')}
                </button>
                <a href={`/${locale}/returns/${r.rma}`} className="inline-flex min-h-12 items-center rounded-xl border border-[#8a9691] px-5 font-semibold no-underline">
                  {t('cancel.keep')}
                </a>
              </div>
            </form>
          ) : (
            <>
              <p className="mt-2">{t('cancel.body')}</p>
              <p className="mt-3">
                <a href={`/${locale}/returns/${r.rma}?cancel=confirm#cancel-title`} className="inline-flex min-h-12 items-center rounded-xl border border-[#8a9691] px-5 font-semibold no-underline">
                  {t('cancel.button')}
                </a>
              </p>
            </>
          )}
        </section>
      )}
    </div>
  );
}
