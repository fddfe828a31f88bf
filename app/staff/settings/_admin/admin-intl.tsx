import { NextIntlClientProvider } from 'next-intl';
import { getMessages } from 'next-intl/server';
import type { ReactNode } from 'react';
import { staffLocale } from '../../_components/staff-locale';

/** Client messages for the admin settings forms only (`staffAdmin`), not on every staff page. */
export async function AdminIntl({ children }: { children: ReactNode }) {
  const locale = await staffLocale();
  const { staff, errors, staffAdmin } = await getMessages({ locale });
  return (
    <NextIntlClientProvider locale={locale} messages={{ staff, errors, staffAdmin }}>
      {children}
    </NextIntlClientProvider>
  );
}
