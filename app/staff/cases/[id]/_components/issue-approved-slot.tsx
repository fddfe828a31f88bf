import { NextIntlClientProvider } from 'next-intl';
import { getMessages } from 'next-intl/server';
import { staffLocale } from '../../../_components/staff-locale';
import { IssueApproved } from './issue-approved';

/** The "issue now" button with just the messages it needs. */
export async function IssueApprovedSlot({ compensationId, label }: { compensationId: string; label: string }) {
  const locale = await staffLocale();
  const { staffDelays } = await getMessages({ locale });
  return (
    <NextIntlClientProvider locale={locale} messages={{ staffDelays }}>
      <IssueApproved compensationId={compensationId} label={label} />
    </NextIntlClientProvider>
  );
}
