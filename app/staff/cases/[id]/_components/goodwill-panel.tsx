import { getTranslations } from 'next-intl/server';
import { getDb } from '@/db';
import { requireStaff } from '@/lib/auth/staff-session';
import { caseCompensations, limitForOrder, type PlatformCodeView } from '@/lib/compensations/queries';
import { formatMoney } from '@/lib/core/money';
import { platformName } from '@/lib/platforms/platform';
import { getShopSettings } from '@/lib/settings/shop';
import { StaffFormsIntl } from '../../../_components/scoped-intl';
import { staffLocale } from '../../../_components/staff-locale';
import { regionalFormat } from '@/lib/i18n/format';
import { Card } from '../../../_ui/card';
import { GoodwillForm } from './goodwill-form';
import { IssueApprovedSlot } from './issue-approved-slot';
import { retryPlatformCodeAction } from './actions';
import { RetryButton } from './retry-button';
import { ParcelBooking } from './parcel-booking';

/** Goodwill for a delivery problem: the agent's limit in view, the form, what was given on this case. */
export async function GoodwillPanel({ caseId, orderId }: { caseId: string; orderId: string | null }) {
  const staff = await requireStaff();
  if (!orderId) return null;
  const locale = await staffLocale();
  const t = await getTranslations({ locale, namespace: 'goodwill' });
  const format = regionalFormat(locale);
  const db = getDb();
  const [limit, given, shop] = await Promise.all([limitForOrder(db, staff, orderId), caseCompensations(db, caseId), getShopSettings()]);
  const money = (minor: number, currency: string) => formatMoney(locale, minor, currency);
  return (
    <Card title={t('title')} testId="goodwill-panel">
      {limit && <p className="text-sm">{limit.limit === null ? t('noLimit') : t('limit', { amount: money(limit.limit, limit.currency) })}</p>}
      {limit && limit.left !== null && limit.granted > 0 && (
        <p className="text-sm" data-testid="goodwill-limit-left">
          {t('limitLeft', { granted: money(limit.granted, limit.currency), left: money(limit.left, limit.currency) })}
        </p>
      )}
      <StaffFormsIntl form="goodwill">
        <GoodwillForm caseId={caseId} />
      </StaffFormsIntl>
      <h3 className="font-semibold">{t('history')}</h3>
      {given.length === 0 ? (
        <p>{t('none')}</p>
      ) : (
        <ul className="space-y-2" data-testid="compensations">
          {given.map((c) => (
            <li key={c.id} className="rounded border border-[var(--color-line)] p-2">
              <span className="font-medium">{t(`kinds.${c.kind}`)}</span> · {money(c.amount, c.currency)} · <span>{t(`statuses.${c.status}`)}</span>
              {c.code && <span className="ml-1 font-mono">· {t('code', { code: c.code })}</span>}
              <span className="block text-sm text-[var(--color-muted)]">
                {format.dateTime(c.createdAt, { dateStyle: 'medium', timeStyle: 'short', timeZone: shop.timeZone })} — {c.reason}
              </span>
              {c.rejectionReason && <span className="block text-sm">{t('rejectedBecause', { reason: c.rejectionReason })}</span>}
              {c.platformCode && <PlatformCodeLine compensationId={c.id} code={c.platformCode} />}
              {c.status === 'approved' && <IssueApprovedSlot compensationId={c.id} label={`${t(`kinds.${c.kind}`)} ${money(c.amount, c.currency)}`} />}
              {c.kind === 'reship' && c.shipmentId && <ReshipParcel shipmentId={c.shipmentId} />}
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}

/** The code on the shop's platform: under way, created, or refused with the platform's message and "Try again". */
async function PlatformCodeLine({ compensationId, code }: { compensationId: string; code: PlatformCodeView }) {
  const locale = await staffLocale();
  const t = await getTranslations({ locale, namespace: 'goodwill.platformCode' });
  const platform = platformName(code.platform);
  if (code.status === 'failed') {
    return (
      <div data-testid="platform-code" role="alert" className="mt-2 space-y-2 rounded-lg border border-[var(--color-danger)] bg-[var(--color-danger-bg)] p-2 text-[var(--color-danger)]">
        <p className="font-semibold">{t('failed', { platform })}</p>
        {code.error && <p>{t('said', { platform, message: code.error })}</p>}
        <p>{t('notEmailed')}</p>
        <StaffFormsIntl form="goodwill">
          <RetryButton action={retryPlatformCodeAction.bind(null, { compensationId })} label={t('retry')} done={t('retried', { platform })} testId="retry-platform-code" />
        </StaffFormsIntl>
      </div>
    );
  }
  return (
    <span className="block text-sm" data-testid="platform-code">
      {t(code.status, { platform })}
    </span>
  );
}

/** A reship's parcel: awaiting the shop (book it with the carrier, or enter its number), or sent. */
async function ReshipParcel({ shipmentId }: { shipmentId: string }) {
  const locale = await staffLocale();
  const t = await getTranslations({ locale, namespace: 'staffReturns.outbound' });
  return (
    <div className="mt-2 space-y-2 border-t border-[var(--color-line)] pt-2" data-testid="reship-parcel">
      <h4 className="font-semibold">{t('reshipTitle')}</h4>
      <ParcelBooking shipmentId={shipmentId} awaitingText={t('reshipAwaiting')} />
    </div>
  );
}
