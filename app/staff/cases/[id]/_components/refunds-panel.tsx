import { NextIntlClientProvider } from 'next-intl';
import { getMessages, getTranslations } from 'next-intl/server';
import type { Locale } from '@/lib/i18n/locales';
import { formatMoney } from '@/lib/core/money';
import type { StaffRefund } from '@/lib/refunds/queries';
import { Card } from '../../../_ui/card';
import { retryRefundAction } from './actions';
import { RetryButton } from './retry-button';

const RAILS = ['demo', 'stripe', 'shopify', 'woocommerce', 'paytrail', 'klarna', 'bank_transfer'];

/**
 * The order's refunds on their rails: amount, status, the rail ("Demo rail — no money moves" for the demo),
 * and for a failed one "Refund failed — action needed" with the provider's message and "Retry refund".
 */
export async function RefundsPanel({ refunds, locale, canRetry, when }: { refunds: StaffRefund[]; locale: Locale; canRetry: boolean; when: (iso: string | null) => string }) {
  if (refunds.length === 0) return null;
  const t = await getTranslations({ locale, namespace: 'refunds.desk' });
  const { staff } = await getMessages({ locale });
  const rail = (id: string | null) => (id && RAILS.includes(id) ? t(`rail.${id}` as 'rail.demo') : t('rail.pending'));
  return (
    <Card compact title={t('title')} testId="refunds-panel">
      <ul className="space-y-2">
        {refunds.map((r) => (
          <li key={r.id} data-status={r.status} data-testid="refund-row" className={r.status === 'failed' ? 'space-y-1 rounded border border-[var(--color-danger)] bg-[var(--color-danger-bg)] p-2' : 'space-y-1'}>
            <p>
              <strong>{formatMoney(locale, r.amount, r.currency)}</strong> · {t(`status.${r.status}`)} · <span data-testid="refund-rail">{rail(r.rail)}</span>
            </p>
            <p className="text-sm text-[var(--color-muted)]">
              {when(r.settledAt ?? r.createdAt)} · {t('attempts', { count: r.attempts })}
              {r.providerReference ? ` · ${r.providerReference}` : ''}
            </p>
            {r.status === 'failed' && (
              <p role="alert" className="font-semibold text-[var(--color-danger)]">
                {t('failed')}
              </p>
            )}
            {r.failureMessage && r.status !== 'succeeded' && <p className="text-sm" data-testid="refund-provider-message">{t('providerMessage', { rail: rail(r.rail), message: r.failureMessage })}</p>}
            {r.providerMismatch && (
              <p role="alert" className="text-sm font-semibold text-[var(--color-danger)]" data-testid="refund-mismatch">
                {t('mismatch', { rail: rail(r.rail), status: r.providerMismatch })}
              </p>
            )}
            {/* Mounted on every row, the button only while the refund has failed: a retry turns the row "requested"
                at once (the worker may pay it within a second), and the agent's "sent again" must outlive that refresh. */}
            {canRetry && (
              <NextIntlClientProvider locale={locale} messages={{ staff: { errors: staff.errors } }}>
                <RetryButton
                  action={retryRefundAction.bind(null, { refundId: r.id })}
                  label={t('retry')}
                  done={t('retried')}
                  offered={r.status === 'failed'}
                  reasons={{ refund_exceeds_captured: t('errors.refund_exceeds_captured'), refund_not_failed: t('errors.refund_not_failed') }}
                  testId="retry-refund"
                />
              </NextIntlClientProvider>
            )}
          </li>
        ))}
      </ul>
    </Card>
  );
}
