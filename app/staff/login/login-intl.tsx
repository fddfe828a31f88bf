import { NextIntlClientProvider } from 'next-intl';
import type { ReactNode } from 'react';
import { staffLocale } from '../_components/staff-locale';
import { staffClientMessages } from '../_ui/scoped-intl';

/** Client messages for the sign-in steps: the shell's, the forms' and the throttle's "try again in …". */
export async function LoginIntl({ children }: { children: ReactNode }) {
  const messages = await staffClientMessages(['staff.login', 'staff.twoFactor', 'staff.enrol', 'staffSecurity.waitSeconds', 'staffSecurity.waitMinutes']);
  return (
    <NextIntlClientProvider locale={await staffLocale()} messages={messages as never}>
      {children}
    </NextIntlClientProvider>
  );
}
