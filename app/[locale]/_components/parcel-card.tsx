'use client';

import { useLocale, useTranslations } from 'next-intl';
import { type Carrier, carrierName } from '@/lib/carriers/catalog';
import { type Locale, localeTags, toLocale } from '@/lib/i18n/locales';
import { carrierTextFor } from '@/lib/tracking/event-text';
import { isTroubled, progressIndex, progressSteps } from '@/lib/shipments/progress';
import type { ExpectedWindow, ParcelDto, TrackingEventDto } from '@/lib/tracking/queries';
import { shareInTen } from '@/lib/tracking/transit-window';
import { type Dates, localDate, localDateRange, localDateTime, useDates } from './dates';
import { type KnownServicePoint, ServicePointHours } from './service-point-hours';

// Client component: the live poll re-renders it from the same DTO the server used for first paint.
type T = ReturnType<typeof useTranslations<never>>;

/** The one line that answers "where is my parcel?" ("Arrives Thu 27 Nov", "Delivered Mon 24 Nov"). */
export function parcelSummary(parcel: ParcelDto, t: T, dates: Dates): string {
  if (parcel.awaitingShop) return t('parcel.awaitingShop');
  const carrier = carrierName(parcel.carrier);
  const expected = parcel.expectedDate;
  switch (parcel.status) {
    case 'info_received':
      return t('parcel.summary.info_received', { carrier });
    case 'in_transit':
      return expected ? t('parcel.summary.in_transit_expected', { date: localDate(dates, expected) }) : t('parcel.summary.in_transit');
    case 'out_for_delivery':
      return t('parcel.summary.out_for_delivery');
    case 'available_for_pickup': {
      const point = parcel.pickupPoint?.name;
      if (!point) return t('parcel.summary.available_for_pickup_nopoint');
      return parcel.pickupDeadline
        ? t('parcel.summary.available_for_pickup_until', { point, date: localDate(dates, parcel.pickupDeadline) })
        : t('parcel.summary.available_for_pickup', { point });
    }
    case 'delivered':
      return parcel.deliveredAt ? t('parcel.summary.delivered', { date: localDate(dates, parcel.deliveredAt) }) : t('parcel.summary.delivered_nodate');
    case 'failed_attempt':
      return t('parcel.summary.failed_attempt', { carrier });
    case 'exception':
      return t('parcel.summary.exception', { reason: t(`parcel.exception.${(parcel.subStatus ?? 'other') as 'other'}`) });
    case 'returned_to_sender':
      return t('parcel.summary.returned_to_sender');
    case 'canceled':
      return t('parcel.summary.canceled');
  }
}

/**
 * One timeline row: our normalized phrase in the customer's language, then the carrier's own words
 * (marked with their language) only where they are in another language or say more; place and local time.
 */
function TimelineEvent({ event, carrier, t, dates, locale }: { event: TrackingEventDto; carrier: Carrier; t: T; dates: Dates; locale: Locale }) {
  const status = t(`parcel.status.${event.status}`);
  const label =
    event.status === 'exception' && event.subStatus
      ? t('firstScreen.events.exception', { status, reason: t(`parcel.exception.${event.subStatus as 'other'}`) })
      : status;
  const theirs = carrierTextFor(label, event.description, carrier, locale);
  return (
    <>
      <span className="block font-semibold">{label}</span>
      {theirs && (
        <span className="block" data-testid="carrier-text">
          {carrierName(carrier)}: <span lang={localeTags[theirs.lang]}>{theirs.text}</span>
        </span>
      )}
      <span className="block text-[var(--color-muted)]">
        <time dateTime={event.occurredAt}>{localDateTime(dates, event.occurredAt)}</time>
        {event.location && <> · {event.location}</>}
      </span>
    </>
  );
}

/**
 * The estimate's window and how sure it is, in words (never colour): "Expected Tue 8 Dec – Wed 9 Dec · 9 in 10
 * parcels on this route arrive in this window". Without enough parcels behind it, it says what it rests on
 * instead of claiming a share.
 */
function windowSentence(w: ExpectedWindow, parcelCarrier: Carrier, t: T, dates: Dates): string {
  const expected = t('deliveryEstimate.window', { range: localDateRange(dates, w.from, w.to) });
  const carrier = carrierName(parcelCarrier);
  const basis = w.confidence
    ? t(`deliveryEstimate.confidence.${w.basis === 'standard' ? 'route' : w.basis}`, { share: shareInTen(w.confidence.hits, w.confidence.samples), samples: w.confidence.samples, carrier })
    : w.basis === 'standard'
      ? t('deliveryEstimate.basis.standard', { carrier })
      : t('deliveryEstimate.basis.learned');
  return `${expected} · ${basis}`;
}

/** Where the customer acts on a problem: the claim form and the shop's email (verified view only). */
export type HelpLinks = { claimHref: string | null; supportEmail: string | null; orderNumber: string };

/** The next step for a parcel in trouble (lib/tracking/parcel-help.ts): what happened, what to do, by when, where. */
function ParcelHelpCard({ parcel, links, t, dates }: { parcel: ParcelDto; links: HelpLinks | undefined; t: T; dates: Dates }) {
  const help = parcel.help;
  if (!help) return null;
  const carrier = carrierName(parcel.carrier);
  const id = `help-${parcel.id}`;
  const action =
    help.action === 'carrier' && parcel.carrierUrl
      ? { href: parcel.carrierUrl, label: t('firstScreen.help.actCarrier', { carrier }), external: true }
      : help.action === 'claim' && links?.claimHref
        ? { href: links.claimHref, label: t('firstScreen.help.actClaim'), external: false }
        : help.action !== 'carrier' && links?.supportEmail
          ? {
              href: `mailto:${links.supportEmail}?subject=${encodeURIComponent(t('firstScreen.help.emailSubject', { orderNumber: links.orderNumber }))}`,
              label: t('firstScreen.help.actShop'),
              external: false,
            }
          : null;
  return (
    <section aria-labelledby={id} data-testid="parcel-help" className="mt-4 rounded-xl border-l-4 border-[var(--color-warn)] bg-[var(--color-warn-bg)] p-4">
      <h3 id={id} className="font-semibold">
        {t('firstScreen.help.title')}
      </h3>
      <p className="mt-1">
        {t(`firstScreen.help.${help.message}` as 'firstScreen.help.failedAttempt', { carrier, days: help.actWithinDays ?? '' })}
        {help.extra && <> {t(`firstScreen.help.${help.extra}` as 'firstScreen.help.extendPosten')}</>}
      </p>
      {help.actBy && <p className="mt-1 font-semibold">{t('firstScreen.help.actBy', { date: localDate(dates, help.actBy) })}</p>}
      {action && (
        <p className="mt-2">
          <a
            href={action.href}
            {...(action.external ? { target: '_blank', rel: 'noopener noreferrer' } : {})}
            className="inline-flex min-h-11 items-center rounded-lg bg-white px-4 font-semibold"
          >
            {action.label}
            {action.external && <span className="sr-only"> {t('parcel.opensInNewTab')}</span>}
          </a>
        </p>
      )}
    </section>
  );
}

export function ParcelCard({
  parcel,
  index,
  count,
  links,
  servicePoint,
}: {
  parcel: ParcelDto;
  index: number;
  count: number;
  links?: HelpLinks;
  /** The pickup point's details from the service-point cache, when we know its id (issue #14). */
  servicePoint?: KnownServicePoint;
}) {
  const t = useTranslations() as T;
  const dates = useDates();
  const locale = toLocale(useLocale());
  const carrier = carrierName(parcel.carrier);
  const reached = progressIndex(parcel.status);
  const troubled = isTroubled(parcel.status);
  const latest = parcel.events[0];
  const stepLabel = (step: (typeof progressSteps)[number]) =>
    step === 'lastMile' && parcel.status === 'available_for_pickup' ? t('parcel.steps.lastMilePickup') : t(`parcel.steps.${step}`);
  const headingId = `parcel-${parcel.id}`;
  if (parcel.awaitingShop) {
    // An exchange or reship parcel the shop has not sent: no carrier, number, steps or estimate to show yet.
    return (
      <article aria-labelledby={headingId} data-testid="parcel" className="rounded-2xl border border-[var(--color-line)] bg-white p-5">
        <h2 id={headingId} className="text-lg font-semibold">
          {count > 1 ? t('parcel.heading', { index, count }) : t('parcel.awaitingShopHeading')}
        </h2>
        <p className="mt-2 text-lg" data-testid="parcel-awaiting-shop">
          {t('parcel.awaitingShop')}
        </p>
        {parcel.lines.length > 0 && (
          <p className="mt-3 text-sm text-[var(--color-muted)]">
            {t('parcel.contains')}: {parcel.lines.map((l) => (l.quantity > 1 ? `${l.quantity} × ${l.title}` : l.title)).join(', ')}
          </p>
        )}
      </article>
    );
  }
  // One estimate, never a date already past (lib/tracking/reestimate.ts): a late parcel shows its new one.

  return (
    <article aria-labelledby={headingId} data-testid="parcel" className="rounded-2xl border border-[var(--color-line)] bg-white p-5">
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h2 id={headingId} className="text-lg font-semibold">
          {count > 1 ? t('parcel.heading', { index, count }) : carrier}
        </h2>
        <p
          data-testid="parcel-status"
          className={`rounded-full px-3 py-1 text-sm font-semibold ${
            troubled ? 'bg-[var(--color-warn-bg)] text-[var(--color-warn)]' : 'bg-[var(--color-canvas)] text-[var(--color-ink)]'
          }`}
        >
          {troubled && <span aria-hidden="true">! </span>}
          {t(`parcel.status.${parcel.status}`)}
        </p>
      </div>
      <p className="mt-2 text-lg">{parcelSummary(parcel, t, dates)}</p>
      {parcel.expectedWindow && (
        <p data-testid="parcel-window" className="mt-1 text-sm">
          {windowSentence(parcel.expectedWindow, parcel.carrier, t, dates)}
        </p>
      )}
      {parcel.isLate && <p className="mt-1 text-sm font-semibold text-[var(--color-warn)]">{t('parcel.late')}</p>}
      <ParcelHelpCard parcel={parcel} links={links} t={t} dates={dates} />

      {/* Step labels never break inside a word: on wide screens each sits under its segment (wrapping only
          at spaces), on narrow ones only the current step's label is shown, in full, under the bar; the
          others stay in the list for screen readers. */}
      <ol className="mt-4 grid grid-cols-5 gap-1" aria-label={t('parcel.progressLabel', { step: stepLabel(progressSteps[reached] ?? 'ordered') })} data-testid="parcel-steps">
        {progressSteps.map((step, i) => (
          <li key={step} className="text-center text-xs" aria-current={i === reached ? 'step' : undefined}>
            <span
              aria-hidden="true"
              className={`mb-1 block h-2 rounded-full ${i <= reached ? (troubled && i === reached ? 'bg-[var(--color-warn)]' : 'bg-[var(--accent)]') : 'bg-[var(--color-line)]'}`}
            />
            <span data-testid="step-label" className={`sr-only hyphens-none [overflow-wrap:normal] [word-break:keep-all] md:not-sr-only md:block ${i === reached ? 'font-semibold' : 'text-[var(--color-muted)]'}`}>
              {stepLabel(step)}
            </span>
          </li>
        ))}
      </ol>
      <p aria-hidden="true" data-testid="step-label" className="mt-1 text-sm font-semibold hyphens-none [overflow-wrap:normal] md:hidden">
        {stepLabel(progressSteps[reached] ?? 'ordered')}
      </p>

      <dl className="mt-4 grid gap-x-6 gap-y-2 text-sm sm:grid-cols-2">
        <div>
          <dt className="text-[var(--color-muted)]">{t('parcel.carrier')}</dt>
          <dd>{parcel.service ? `${carrier} · ${parcel.service}` : carrier}</dd>
        </div>
        <div>
          <dt className="text-[var(--color-muted)]">{t('parcel.trackingNumber')}</dt>
          <dd className="break-all font-mono">{parcel.trackingNumber}</dd>
        </div>
        {parcel.promisedDate && (
          <div>
            <dt className="text-[var(--color-muted)]">{t('parcel.promisedDate')}</dt>
            <dd>{localDate(dates, parcel.promisedDate)}</dd>
          </div>
        )}
        {parcel.expectedDate && (
          <div>
            <dt className="text-[var(--color-muted)]">{parcel.expectedRevised ? t('firstScreen.estimate.revised') : t('firstScreen.estimate.expected')}</dt>
            <dd data-testid="expected-date" className={parcel.expectedRevised ? 'font-semibold' : undefined}>
              {parcel.expectedWindow ? localDateRange(dates, parcel.expectedWindow.from, parcel.expectedWindow.to) : localDate(dates, parcel.expectedDate)}
            </dd>
          </div>
        )}
        {parcel.pickupPoint && (
          <div className="sm:col-span-2">
            <dt className="text-[var(--color-muted)]">{t('parcel.pickupPoint')}</dt>
            <dd data-testid="pickup-point">
              <span className="font-medium">{parcel.pickupPoint.name}</span>
              {parcel.pickupPoint.address && <>, {parcel.pickupPoint.address}</>}
              {parcel.pickupPoint.postalCode && (
                <>
                  , {parcel.pickupPoint.postalCode} {parcel.pickupPoint.city}
                </>
              )}
              {parcel.pickupPoint.openingHours && !servicePoint && <span className="block">{t('parcel.openingHours', { hours: parcel.pickupPoint.openingHours })}</span>}
              {servicePoint && <ServicePointHours known={servicePoint} locale={locale} />}
              {parcel.pickupDeadline && parcel.status === 'available_for_pickup' && (
                <span className="block font-semibold">{t('tracking.lastDayToCollect', { date: localDate(dates, parcel.pickupDeadline) })}</span>
              )}
            </dd>
          </div>
        )}
      </dl>

      <div className="mt-4 border-t border-[var(--color-line)] pt-4">
        <h3 className="text-sm font-semibold">{t('parcel.latestUpdate')}</h3>
        {latest ? (
          <p className="mt-1 text-sm" data-testid="latest-event">
            <TimelineEvent event={latest} carrier={parcel.carrier} t={t} dates={dates} locale={locale} />
          </p>
        ) : (
          <p className="mt-1 text-sm text-[var(--color-muted)]">{t('parcel.noUpdates')}</p>
        )}
        {parcel.events.length > 1 && (
          <details className="mt-3">
            <summary className="inline-flex min-h-11 cursor-pointer items-center font-medium text-[var(--accent)]">
              {t('parcel.showAllUpdates', { count: parcel.events.length })}
            </summary>
            <ol className="mt-2 space-y-3 border-l-2 border-[var(--color-line)] pl-4" aria-label={t('tracking.timeline')} data-testid="timeline">
              {parcel.events.map((event) => (
                <li key={event.id} className="text-sm">
                  <TimelineEvent event={event} carrier={parcel.carrier} t={t} dates={dates} locale={locale} />
                </li>
              ))}
            </ol>
          </details>
        )}
      </div>

      {parcel.lines.length > 0 && (
        <p className="mt-3 text-sm text-[var(--color-muted)]">
          {t('parcel.contains')}: {parcel.lines.map((l) => (l.quantity > 1 ? `${l.quantity} × ${l.title}` : l.title)).join(', ')}
        </p>
      )}
      {parcel.carrierUrl && (
        <p className="mt-3">
          <a href={parcel.carrierUrl} target="_blank" rel="noopener noreferrer" className="inline-flex min-h-11 items-center font-medium">
            {t('parcel.trackAtCarrier', { carrier })} <span className="sr-only">{t('parcel.opensInNewTab')}</span>
          </a>
        </p>
      )}
    </article>
  );
}
