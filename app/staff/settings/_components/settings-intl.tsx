import { NextIntlClientProvider } from 'next-intl';
import { getMessages } from 'next-intl/server';
import type { ReactNode } from 'react';
import { staffLocale } from '../../_components/staff-locale';

/** Client messages of the settings forms (the shell's payload stays small on other staff pages). */
export async function SettingsIntl({ children }: { children: ReactNode }) {
  const locale = await staffLocale();
  const { staff, errors, staffSettings, shipNow } = await getMessages({ locale });
  return (
    <NextIntlClientProvider locale={locale} messages={{ staff, errors, staffSettings, shipNow: { policy: shipNow.policy } }}>
      {children}
    </NextIntlClientProvider>
  );
}
