import { NextIntlClientProvider } from 'next-intl';
import { getMessages } from 'next-intl/server';
import type { ReactNode } from 'react';
import { staffLocale } from '../../_components/staff-locale';

/** Client messages for the automation settings only (`automation` beside the admin forms' own). */
export async function AutomationIntl({ children }: { children: ReactNode }) {
  const locale = await staffLocale();
  const { staff, errors, staffAdmin, automation } = await getMessages({ locale });
  return (
    <NextIntlClientProvider locale={locale} messages={{ staff, errors, staffAdmin, automation }}>
      {children}
    </NextIntlClientProvider>
  );
}
