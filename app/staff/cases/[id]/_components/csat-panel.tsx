import { getTranslations } from 'next-intl/server';
import { getDb } from '@/db';
import { requireStaff } from '@/lib/auth/staff-session';
import { caseCsat } from '@/lib/csat/queries';
import { getShopSettings } from '@/lib/settings/shop';
import { StaffFormsIntl } from '../../../_components/scoped-intl';
import { staffLocale } from '../../../_components/staff-locale';
import { regionalFormat } from '@/lib/i18n/format';
import { Card } from '../../../_ui/card';
import { CsatResendButton } from './csat-resend';

/** The case's satisfaction survey: sent when, the score and comment, and re-send while unanswered. */
export async function CsatPanel({ caseId, caseStatus }: { caseId: string; caseStatus: string }) {
  await requireStaff();
  const locale = await staffLocale();
  const t = await getTranslations({ locale, namespace: 'csat.staff' });
  const format = regionalFormat(locale);
  const [survey, shop] = await Promise.all([caseCsat(getDb(), caseId), getShopSettings()]);
  const resolved = caseStatus === 'resolved' || caseStatus === 'closed';
  return (
    <Card title={t('title')} testId="csat-panel">
      {!survey ? (
        <p>{t('notSent')}</p>
      ) : (
        <>
          <p>{t('sent', { date: format.dateTime(survey.sentAt, { dateStyle: 'medium', timeStyle: 'short', timeZone: shop.timeZone }) })}</p>
          {survey.score == null ? <p>{t('waiting')}</p> : <p className="font-semibold">{t('score', { score: survey.score })}</p>}
          {survey.comment && <p>{t('comment', { comment: survey.comment })}</p>}
        </>
      )}
      {resolved && survey?.score == null && (
        <StaffFormsIntl form="csat">
          <CsatResendButton caseId={caseId} />
        </StaffFormsIntl>
      )}
    </Card>
  );
}
