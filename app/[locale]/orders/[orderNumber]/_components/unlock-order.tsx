import { getTranslations } from 'next-intl/server';
import { FormMessages } from '../../../_components/form-messages';
import { AccessLinkRequestForm } from '../../../_components/access-link-request-form';

/**
 * On the redacted view (tracking link or postal code): "Show the whole order" leads to the lookup,
 * which asks for the email on the order; "Email me a link" sends a one-time link to that address.
 * Both work without JavaScript.
 */
export async function UnlockOrder({ locale, orderNumber }: { locale: string; orderNumber: string }) {
  const t = await getTranslations();
  return (
    <div className="space-y-5" data-testid="unlock-order">
      <div className="space-y-3">
        <p className="text-[var(--color-muted)]">{t('customerAccess.unlockHint')}</p>
        <p>
          <a
            href={`/${locale}?order=${encodeURIComponent(orderNumber)}&full=1`}
            className="inline-flex min-h-11 items-center rounded-xl border border-[var(--accent)] px-4 font-semibold no-underline"
          >
            {t('tracking.showWholeOrder')}
          </a>
        </p>
      </div>
      <div>
        <h2 className="text-base font-semibold">{t('customerAccess.noEmailTitle')}</h2>
        <p className="mt-1 text-[var(--color-muted)]">{t('customerAccess.linkHint')}</p>
        <FormMessages namespace="customerAccess">
          <AccessLinkRequestForm locale={locale} fixedOrderNumber={orderNumber} />
        </FormMessages>
      </div>
    </div>
  );
}
