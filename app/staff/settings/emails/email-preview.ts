import { createTranslator } from 'use-intl/core';
import type { Locale } from '@/lib/i18n/locales';
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { EmailLayout } from '@/lib/outbox/email-template';
import type { EmailBrand } from '@/lib/outbox/service-email-layout';
import { icuArguments } from '@/lib/settings/email-template-rules';

/** Believable values for the arguments a text uses (the preview never touches real orders). */
function sampleValues(texts: string[], shop: string): Record<string, unknown> {
  const known: Record<string, unknown> = {
    shop,
    orderNumber: 'KK-100123',
    rma: 'R-10001',
    caseNumber: 1001,
    number: 'JJFI64012345678901',
    trackingNumber: 'JJFI64012345678901',
    code: 'ABCD-1234',
    amount: '49,90 €',
    name: 'Riikka',
    email: 'asiakas@example.com',
    carrier: 'Posti',
    date: '2026-03-12',
    count: 2,
  };
  const values: Record<string, unknown> = {};
  for (const text of texts) {
    let args: string[] = [];
    try {
      args = icuArguments(text);
    } catch {
      continue;
    }
    for (const arg of args) {
      const [name, kind] = arg.split(':') as [string, string];
      if (kind === 'plural' || kind === 'number') values[name] = typeof known[name] === 'number' ? known[name] : 2;
      else if (kind === 'date' || kind === 'time') values[name] = new Date('2026-03-12T10:00:00Z');
      else if (kind === 'select') values[name] = 'other';
      else if (kind === 'tag') values[name] = (chunks: unknown) => chunks;
      else values[name] ??= known[name] ?? `[${name}]`;
    }
  }
  return values;
}

/**
 * The email as the customer would get it: the drafts formatted by the same ICU translator the email
 * modules use, in the shared service layout with the shop's branding. A text that does not parse is
 * shown as an error line instead.
 */
export function renderTemplatePreview(input: { locale: Locale; namespace: string; texts: Array<[string, string]>; brand: EmailBrand; invalid: string }): string {
  const tree: Record<string, unknown> = {};
  for (const [key, text] of input.texts) {
    const parts = key.split('.');
    let node = tree;
    for (const part of parts.slice(0, -1)) node = (node[part] ??= {}) as Record<string, unknown>;
    node[parts.at(-1)!] = text;
  }
  const values = sampleValues(input.texts.map(([, text]) => text), input.brand.shopName);
  const t = createTranslator({ locale: input.locale, messages: tree as never, onError: () => undefined, getMessageFallback: () => input.invalid });
  const render = (key: string) => {
    try {
      return String((t as unknown as (k: string, v: unknown) => string)(key, values));
    } catch {
      return input.invalid;
    }
  };
  const rendered = input.texts.map(([key]) => [key, render(key)] as const);
  const subject = rendered.find(([key]) => /subject/i.test(key.split('.').at(-1)!))?.[1] ?? '';
  const heading = rendered.find(([key]) => /heading|title/i.test(key.split('.').at(-1)!))?.[1] ?? subject;
  const paragraphs = rendered.filter(([, text]) => text !== subject && text !== heading).map(([, text]) => text);
  // The one email layout (React Email components), rendered in the browser synchronously as typed.
  const content = { locale: input.locale, brand: input.brand, heading, blocks: [subject, ...paragraphs].map((text) => ({ kind: 'text' as const, text })), footer: [] };
  return `<!doctype html>${renderToStaticMarkup(createElement(EmailLayout, { content }))}`;
}
