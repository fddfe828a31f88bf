import { getTranslations } from 'next-intl/server';
import type { CustomerOrderDto } from '@/lib/orders/queries';

/** Who the order goes to: masked after a lookup; through a tracking link only the first name and city. */
export async function OrderContact({ order, locale }: { order: CustomerOrderDto; locale: string }) {
  const t = await getTranslations();
  const lookupHref = `/${locale}?order=${encodeURIComponent(order.orderNumber)}`;
  if (order.view === 'link') {
    return (
      <section className="space-y-3 rounded-2xl border border-[var(--color-line)] bg-white p-5 text-sm" data-testid="link-view">
        <p>{t('tracking.deliveryToCity', { name: order.firstName, city: order.deliveryArea.city })}</p>
        <p className="text-[var(--color-muted)]">{t('tracking.linkNotice')}</p>
        <p className="text-[var(--color-muted)]">{t('tracking.showWholeOrderHint')}</p>
        <p>
          <a
            href={lookupHref}
            className="inline-flex min-h-11 items-center rounded-xl border border-[var(--accent)] px-4 font-semibold no-underline"
          >
            {t('tracking.showWholeOrder')}
          </a>
        </p>
      </section>
    );
  }
  return (
    <section className="space-y-1 text-sm text-[var(--color-muted)]">
      <p>{t('order.deliveryTo', { name: order.customerName, postalCode: order.deliveryArea.postalCode, city: order.deliveryArea.city })}</p>
      <p>{t('order.confirmationTo', { email: order.email })}</p>
      <p className="pt-2">
        <a href={`/${locale}`}>{t('common.backToLookup')}</a>
      </p>
    </section>
  );
}
