import { NextIntlClientProvider } from 'next-intl';
import { getMessages } from 'next-intl/server';
import { staffLocale } from '../../../_components/staff-locale';
import { RevokeTrackingLinks } from './revoke-links';

/** The case's "Revoke tracking links" action with just the messages it needs. */
export async function RevokeLinksPanel({ caseId, orderNumber }: { caseId: string; orderNumber: string }) {
  const locale = await staffLocale();
  const { staff, revokeLinks } = await getMessages({ locale });
  return (
    <NextIntlClientProvider locale={locale} messages={{ staff: { errors: staff.errors }, revokeLinks }}>
      <RevokeTrackingLinks caseId={caseId} orderNumber={orderNumber} />
    </NextIntlClientProvider>
  );
}
