import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { localeTags, locales, type Locale } from './locales';

/**
 * Every customer language must show the same pages as English: no key may be missing (it would
 * silently fall back to English), no message may be empty, and every message must use exactly the
 * placeholders the code passes in, or the customer sees a raw "{date}" or an error instead of text.
 */

// intl-messageformat comes with use-intl; when it cannot be resolved the parse checks are skipped.
const icu = await import('intl-messageformat').catch(() => null);
const IntlMessageFormat = icu?.IntlMessageFormat;

function loadCatalog(locale: Locale): unknown {
  return JSON.parse(readFileSync(path.join(process.cwd(), 'messages', `${locale}.json`), 'utf8'));
}

/** { a: { b: 'x' } } → Map { 'a.b' => 'x' }; non-object leaves (strings, numbers, arrays, null) are kept as they are. */
function flatten(tree: unknown, prefix = '', out = new Map<string, unknown>()): Map<string, unknown> {
  if (tree !== null && typeof tree === 'object' && !Array.isArray(tree)) {
    for (const [key, value] of Object.entries(tree)) flatten(value, prefix ? `${prefix}.${key}` : key, out);
  } else {
    out.set(prefix, tree);
  }
  return out;
}

/** Names of ICU arguments in a message: "{count, plural, …}" and "{date}" give count and date. */
function argumentNames(message: string): string[] {
  const names = new Set<string>();
  for (const match of message.matchAll(/\{\s*([a-zA-Z0-9_]+)\s*[,}]/g)) names.add(match[1] as string);
  return [...names].sort();
}

type AstNode = { type: number; value?: unknown; options?: Record<string, { value: AstNode[] }>; children?: AstNode[] };
const ARGUMENT_KINDS: Record<number, string> = { 1: 'text', 2: 'number', 3: 'date', 4: 'time', 5: 'select', 6: 'plural', 8: 'tag' };

/** How each argument is used, e.g. ["count:plural", "date:text"], plus the branch keys of plurals and selects. */
function argumentShape(nodes: AstNode[], out = new Set<string>()): Set<string> {
  for (const node of nodes) {
    const kind = ARGUMENT_KINDS[node.type];
    if (kind) out.add(`${String(node.value)}:${kind}`);
    if (node.options) {
      const branches = Object.keys(node.options).sort().join('|');
      out.add(`${String(node.value)}:${kind} branches ${branches}`);
      for (const option of Object.values(node.options)) argumentShape(option.value, out);
    }
    if (node.children) argumentShape(node.children, out);
  }
  return out;
}

const english = flatten(loadCatalog('en'));
const translated = locales.filter((locale) => locale !== 'en');

describe.each(translated)('the %s catalog compared with English', (locale) => {
  const catalog = flatten(loadCatalog(locale));

  it(`${locale} has every key en has`, () => {
    const missing = [...english.keys()].filter((key) => !catalog.has(key));
    expect(missing, `keys in en.json missing from ${locale}.json (customers would see English)`).toEqual([]);
  });

  it(`${locale} has no keys en doesn't have`, () => {
    const extra = [...catalog.keys()].filter((key) => !english.has(key));
    expect(extra, `keys in ${locale}.json that en.json doesn't have (typos or leftovers)`).toEqual([]);
  });

  it(`${locale} messages use the same placeholders as en`, () => {
    const mismatches: string[] = [];
    for (const [key, source] of english) {
      const target = catalog.get(key);
      if (typeof source !== 'string' || typeof target !== 'string') continue;
      const want = argumentNames(source);
      const got = argumentNames(target);
      if (want.join() !== got.join()) mismatches.push(`${key}: en {${want.join(', ')}} but ${locale} {${got.join(', ')}}`);
    }
    expect(mismatches, `messages in ${locale}.json whose placeholders differ from en.json`).toEqual([]);
  });

  it.skipIf(!IntlMessageFormat)(`${locale} plurals and selects are built like en`, () => {
    const mismatches: string[] = [];
    for (const [key, source] of english) {
      const target = catalog.get(key);
      if (typeof source !== 'string' || typeof target !== 'string' || !IntlMessageFormat) continue;
      let want: string[], got: string[];
      try {
        want = [...argumentShape(new IntlMessageFormat(source, 'en-GB').getAst() as AstNode[])].sort();
        got = [...argumentShape(new IntlMessageFormat(target, localeTags[locale]).getAst() as AstNode[])].sort();
      } catch {
        continue; // reported by the "valid ICU" test
      }
      if (want.join() !== got.join()) mismatches.push(`${key}: en [${want.join('; ')}] but ${locale} [${got.join('; ')}]`);
    }
    expect(mismatches, `messages in ${locale}.json whose plural/select structure differs from en.json`).toEqual([]);
  });
});

describe.each(locales)('the %s catalog on its own', (locale) => {
  const catalog = flatten(loadCatalog(locale));

  it(`every ${locale} message has text`, () => {
    const empty = [...catalog].filter(([, value]) => typeof value !== 'string' || value.trim() === '').map(([key]) => key);
    expect(empty, `keys in ${locale}.json that are empty or not a string`).toEqual([]);
  });

  it.skipIf(!IntlMessageFormat)(`every ${locale} message is valid ICU and formats without errors`, () => {
    const broken: string[] = [];
    for (const [key, message] of catalog) {
      if (typeof message !== 'string' || !IntlMessageFormat) continue;
      try {
        const format = new IntlMessageFormat(message, localeTags[locale]);
        const values = Object.fromEntries(argumentNames(message).map((name) => [name, 2]));
        format.format(values);
      } catch (error) {
        broken.push(`${key}: ${(error as Error).message}`);
      }
    }
    expect(broken, `messages in ${locale}.json that don't parse or format`).toEqual([]);
  });
});
