import { NextIntlClientProvider } from 'next-intl';
import { getMessages } from 'next-intl/server';
import type { ReactNode } from 'react';
import { staffLocale } from '../_components/staff-locale';

type Messages = Record<string, unknown>;

/**
 * What the desk's shell needs in the browser on every page: the toasts and dialogs (`staff.ui`), the error texts
 * of every form (`staff.errors`) and the keyboard shortcuts. Everything else a client component reads comes with
 * the page that shows it (ScopedIntl): every byte of messages is serialized into the page, embedded in the HTML and
 * parsed again for hydration, ~1 ms per 13 KB on this machine (docs/performance.md), and the whole `staff`
 * namespace is 11 KB.
 */
export const STAFF_SHELL_NAMESPACES = ['staff.ui', 'staff.errors', 'staff.desk.shortcuts'] as const;

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

// The catalogs are loaded once per process (lib/i18n/messages.ts), so each catalog's picked trees are kept beside it.
const picked = new WeakMap<Messages, Map<string, Messages>>();

/** The shell's messages plus the namespaces (or dotted sub-namespaces) listed, as one tree. */
export async function staffClientMessages(namespaces: readonly string[]): Promise<Messages> {
  const all = (await getMessages({ locale: await staffLocale() })) as Messages;
  let byList = picked.get(all);
  if (!byList) picked.set(all, (byList = new Map()));
  const key = namespaces.join(' ');
  let tree = byList.get(key);
  if (!tree) byList.set(key, (tree = [...STAFF_SHELL_NAMESPACES, ...namespaces].reduce<Messages>((acc, path) => merge(acc, pick(all, path)), {})));
  return tree;
}

/**
 * Client messages for one part of the desk: the shell's plus the namespaces (or dotted sub-namespaces) its client
 * components use, so other staff pages don't carry them. A provider inside another replaces its messages, so each
 * lists all its own components need.
 */
export async function ScopedIntl({ namespaces, children }: { namespaces: readonly string[]; children: ReactNode }) {
  return (
    <NextIntlClientProvider locale={await staffLocale()} messages={(await staffClientMessages(namespaces)) as never}>
      {children}
    </NextIntlClientProvider>
  );
}
