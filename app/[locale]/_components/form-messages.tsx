import { NextIntlClientProvider } from 'next-intl';
import { getMessages } from 'next-intl/server';
import type { ReactNode } from 'react';

/**
 * The client messages of one customer form (the order lookup, the access-link request), sent only with the pages
 * that show it: every byte of messages is serialized into the page twice (RSC payload and HTML), so the layout no
 * longer carries them on every order page (issue #16).
 */
export async function FormMessages({ namespace, children }: { namespace: 'lookup' | 'customerAccess'; children: ReactNode }) {
  const { errors, [namespace]: form } = await getMessages();
  return <NextIntlClientProvider messages={{ errors, [namespace]: form }}>{children}</NextIntlClientProvider>;
}
