import { NextIntlClientProvider } from 'next-intl';
import { getMessages } from 'next-intl/server';
import type { ReactNode } from 'react';
import { staffLocale } from '../_components/staff-locale';

/** Client messages for the sign-in steps: the shell's plus the throttle's "try again in …". */
export async function LoginIntl({ children }: { children: ReactNode }) {
  const locale = await staffLocale();
  const { staff, errors, staffSecurity } = await getMessages({ locale });
  return (
    <NextIntlClientProvider locale={locale} messages={{ staff, errors, staffSecurity: { waitSeconds: staffSecurity.waitSeconds, waitMinutes: staffSecurity.waitMinutes } }}>
      {children}
    </NextIntlClientProvider>
  );
}
