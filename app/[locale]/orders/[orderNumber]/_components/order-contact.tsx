import { getTranslations } from 'next-intl/server';
import type { CustomerOrderDto } from '@/lib/orders/queries';
import { UnlockOrder } from './unlock-order';

/**
 * Who the order goes to: masked after a lookup with the email; through a tracking link or a postal-code
 * lookup only the first name and city, with the ways to the whole order (email, or a one-time link).
 */
export async function OrderContact({ order, locale }: { order: CustomerOrderDto; locale: string }) {
  const t = await getTranslations();
  if (order.view === 'link') {
    return (
      <section className="space-y-3 rounded-2xl border border-[var(--color-line)] bg-white p-5 text-sm" data-testid="link-view">
        <p>{t('tracking.deliveryToCity', { name: order.firstName, city: order.deliveryArea.city })}</p>
        <p className="text-[var(--color-muted)]">{order.openedWith === 'postalCode' ? t('customerAccess.postalCodeNotice') : t('tracking.linkNotice')}</p>
        <UnlockOrder locale={locale} orderNumber={order.orderNumber} />
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
