import { NextIntlClientProvider } from 'next-intl';
import { getMessages } from 'next-intl/server';
import type { ReactNode } from 'react';
import { staffLocale } from './staff-locale';

/**
 * Client messages for the return, goodwill, approvals and CSAT forms, without growing the shell's
 * payload on every staff page.
 */
export async function StaffFormsIntl({ children }: { children: ReactNode }) {
  const locale = await staffLocale();
  const { staff, errors, staffReturns, goodwill, approvals, csat, claimDecision, claims } = await getMessages({ locale });
  return (
    <NextIntlClientProvider locale={locale} messages={{ staff, errors, staffReturns, goodwill, approvals, csat: { staff: csat.staff }, claimDecision, claims: { remedies: claims.remedies } }}>
      {children}
    </NextIntlClientProvider>
  );
}
