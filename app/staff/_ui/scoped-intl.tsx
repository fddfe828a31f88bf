import { NextIntlClientProvider } from 'next-intl';
import { getMessages } from 'next-intl/server';
import type { ReactNode } from 'react';
import { staffLocale } from '../_components/staff-locale';

type Messages = Record<string, unknown>;

/** The message subtree at a dotted path (`shipNow.policy`), nested under the same keys. */
function pick(messages: Messages, path: string): Messages {
  const [head, ...rest] = path.split('.');
  const node = messages[head!];
  if (rest.length === 0 || node === undefined) return { [head!]: node };
  return { [head!]: pick(node as Messages, rest.join('.')) };
}

/** Merges picked subtrees (`staffReturns` and `csat.staff` and `csat.x`) into one tree. */
function merge(into: Messages, from: Messages): Messages {
  for (const [key, value] of Object.entries(from)) {
    const existing = into[key];
    into[key] = existing && typeof existing === 'object' && value && typeof value === 'object' ? merge({ ...(existing as Messages) }, value as Messages) : value;
  }
  return into;
}

/**
 * Client messages for one part of the desk: the shell's `staff` and `errors` plus the namespaces (or
 * dotted sub-namespaces) its client forms use, so other staff pages don't carry them.
 */
export async function ScopedIntl({ namespaces, children }: { namespaces: string[]; children: ReactNode }) {
  const locale = await staffLocale();
  const all = (await getMessages({ locale })) as Messages;
  const messages = ['staff', 'errors', ...namespaces].reduce<Messages>((acc, path) => merge(acc, pick(all, path)), {});
  return (
    <NextIntlClientProvider locale={locale} messages={messages as never}>
      {children}
    </NextIntlClientProvider>
  );
}
