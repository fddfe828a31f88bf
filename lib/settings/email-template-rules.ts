/**
 * Pure rules of email template overrides (no database): which texts are editable and whether an
 * override keeps the default's ICU arguments. The editor's live preview uses them in the browser.
 */
import { parse, TYPE, type MessageFormatElement } from '@formatjs/icu-messageformat-parser';
import type { Locale } from '@/lib/core/locales';
import type { Messages } from '@/lib/i18n/messages';

/**
 * Each email kind and the catalog namespace its texts live in. `delayNotice` appears once its catalog exists.
 * (`labels.section` is not here: those texts are the customer's label page; the label email block is not sent yet.)
 */
export const EMAIL_TEMPLATE_KINDS = {
  milestone: 'milestoneEmail',
  return: 'returnEmail',
  claim: 'claimEmail',
  withdrawal: 'withdrawalEmail',
  csat: 'csat.email',
  reply: 'caseReply.email',
  goodwill: 'goodwill.email',
  delayNotice: 'delayNotice',
  refund: 'refundEmail',
  exchange: 'exchangeEmail',
} as const;
export type EmailTemplateKind = keyof typeof EMAIL_TEMPLATE_KINDS;
export const emailTemplateKinds = Object.keys(EMAIL_TEMPLATE_KINDS) as EmailTemplateKind[];

export type Tree = { [key: string]: string | Tree };
export type EmailTemplateOverrides = Partial<Record<Locale, Record<string, string>>>;

export function subtree(messages: unknown, path: string): Tree | null {
  let node: unknown = messages;
  for (const part of path.split('.')) node = node && typeof node === 'object' ? (node as Tree)[part] : undefined;
  return node && typeof node === 'object' ? (node as Tree) : null;
}

function flatten(tree: Tree, prefix: string, out: Array<[string, string]> = []): Array<[string, string]> {
  for (const [key, value] of Object.entries(tree)) {
    const full = `${prefix}.${key}`;
    if (typeof value === 'string') out.push([full, value]);
    else flatten(value, full, out);
  }
  return out;
}

/** The editable texts of one kind in one language: full catalog key → default text. */
export function defaultTexts(messages: Messages, kind: EmailTemplateKind): Array<[string, string]> {
  const tree = subtree(messages, EMAIL_TEMPLATE_KINDS[kind]);
  return tree ? flatten(tree, EMAIL_TEMPLATE_KINDS[kind]) : [];
}

/** Whether a catalog key belongs to an editable email kind (nothing else may be overridden). */
export function isEmailTemplateKey(messages: Messages, key: string): boolean {
  return emailTemplateKinds.some((kind) => key.startsWith(`${EMAIL_TEMPLATE_KINDS[kind]}.`)) && typeof defaultTextOf(messages, key) === 'string';
}

export function defaultTextOf(messages: Messages, key: string): string | undefined {
  const parts = key.split('.');
  const parent = subtree(messages, parts.slice(0, -1).join('.'));
  const value = parent?.[parts.at(-1)!];
  return typeof value === 'string' ? value : undefined;
}

/** How each ICU argument is used ("count:plural", "date:argument"), so an override keeps the same ones. */
export function icuArguments(message: string): string[] {
  const out = new Set<string>();
  const walk = (nodes: MessageFormatElement[]) => {
    for (const node of nodes) {
      if (node.type === TYPE.argument || node.type === TYPE.number || node.type === TYPE.date || node.type === TYPE.time) out.add(`${node.value}:${TYPE[node.type]}`);
      if (node.type === TYPE.select || node.type === TYPE.plural) {
        out.add(`${node.value}:${TYPE[node.type]}`);
        for (const option of Object.values(node.options)) walk(option.value);
      }
      if (node.type === TYPE.tag) {
        out.add(`${node.value}:tag`);
        walk(node.children);
      }
    }
  };
  walk(parse(message, { ignoreTag: false }));
  return [...out].sort();
}

export type OverrideProblem = 'empty' | 'tooLong' | 'icuSyntax' | 'icuArguments';

/** Why an override cannot replace the default text, or null when it can. */
export function overrideProblem(defaultText: string, text: string): OverrideProblem | null {
  if (text.trim() === '') return 'empty';
  if (text.length > 2000) return 'tooLong';
  let got: string[];
  try {
    got = icuArguments(text);
  } catch {
    return 'icuSyntax';
  }
  return got.join() === icuArguments(defaultText).join() ? null : 'icuArguments';
}

