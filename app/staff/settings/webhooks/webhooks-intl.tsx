import { NextIntlClientProvider } from 'next-intl';
import { getMessages } from 'next-intl/server';
import type { ReactNode } from 'react';
import { staffLocale } from '../../_components/staff-locale';

/** Client messages for the webhook settings forms: the admin ones plus `webhooks`. */
export async function WebhooksIntl({ children }: { children: ReactNode }) {
  const locale = await staffLocale();
  const { staff, errors, staffAdmin, webhooks } = await getMessages({ locale });
  return (
    <NextIntlClientProvider locale={locale} messages={{ staff, errors, staffAdmin, webhooks }}>
      {children}
    </NextIntlClientProvider>
  );
}
