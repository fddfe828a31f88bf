import { parse, TYPE, type MessageFormatElement } from '@formatjs/icu-messageformat-parser';
import { createElement } from 'react';
import originalFormatMessage from 'use-intl/format-message';
import { _createCache, _createIntlFormatters, createTranslator } from 'use-intl/core';
import { describe, expect, it } from 'vitest';
import formatMessage from './format-message';
import { routing } from './routing';
import { loadMessages } from './messages';

type Values = Record<string, unknown>;
type Options = Parameters<typeof formatMessage>[3];

function options(locale: string): Options {
  const cache = _createCache();
  return { cache, formatters: _createIntlFormatters(cache), locale, timeZone: 'Europe/Helsinki' };
}

function leaves(tree: unknown, path = ''): Array<[string, string]> {
  if (typeof tree === 'string') return [[path, tree]];
  if (!tree || typeof tree !== 'object') return [];
  return Object.entries(tree).flatMap(([key, value]) => leaves(value, path ? `${path}.${key}` : key));
}

/** Values that reach every branch of a message: each plural with 0, 1, 2, 5, 21 and 1.5, each select with each of its keys and one it lacks. */
function valueSets(message: string): Values[] {
  const base: Values = {};
  const variants: Array<[string, unknown[]]> = [];
  const visit = (elements: MessageFormatElement[]) => {
    for (const element of elements) {
      if (element.type === TYPE.argument) base[element.value] ??= `«${element.value}»`;
      if (element.type === TYPE.number) base[element.value] = 1234.5;
      if (element.type === TYPE.date || element.type === TYPE.time) base[element.value] = new Date('2026-03-29T00:30:00Z');
      if (element.type === TYPE.tag) {
        base[element.value] = (chunks: unknown[]) => `<${element.value}>${chunks.join('')}</${element.value}>`;
        visit(element.children);
      }
      if (element.type === TYPE.select) {
        base[element.value] = Object.keys(element.options)[0];
        variants.push([element.value, [...Object.keys(element.options), 'not-a-branch']]);
        Object.values(element.options).forEach((option) => visit(option.value));
      }
      if (element.type === TYPE.plural) {
        base[element.value] = 1;
        variants.push([element.value, [0, 1, 2, 5, 21, 1.5]]);
        Object.values(element.options).forEach((option) => visit(option.value));
      }
    }
  };
  visit(parse(message));
  return [base, ...variants.flatMap(([name, samples]) => samples.map((sample) => ({ ...base, [name]: sample })))];
}

function both(message: string, values: Values | undefined, locale = 'en') {
  const ours = options(locale);
  const theirs = options(locale);
  const run = (format: typeof formatMessage, opts: Options) => {
    try {
      return { result: format('some.key', message, values as never, opts) };
    } catch (error) {
      return { error: String(error) };
    }
  };
  return { ours: run(formatMessage, ours), theirs: run(originalFormatMessage as typeof formatMessage, theirs), compiledAway: Object.keys(ours.cache.message).length === 0 };
}

describe("the pages' formatMessage (lib/i18n/format-message.ts) against use-intl's own", () => {
  for (const locale of routing.locales) {
    it(`formats every ${locale} catalog message exactly as use-intl does, most of them without intl-messageformat`, async () => {
      const messages = leaves(await loadMessages(locale));
      let compiled = 0;
      let withValues = 0;
      for (const [key, message] of messages) {
        for (const values of valueSets(message)) {
          const { ours, theirs, compiledAway } = both(message, values, locale);
          expect({ key, values, ...ours }).toEqual({ key, values, ...theirs });
          withValues += 1;
          if (compiledAway) compiled += 1;
        }
      }
      expect(messages.length).toBeGreaterThan(1000);
      // The point of it: (nearly) no catalog message needs intl-messageformat on a page.
      expect(compiled / withValues).toBeGreaterThan(0.99);
    });
  }

  it('leaves to intl-messageformat what icu-minify would format differently, with the same result', () => {
    const cases: Array<[string, Values]> = [
      ['At {t, time}', { t: new Date('2026-03-29T00:30:00Z') }],
      ['On {d, date, short}', { d: new Date('2026-03-29T00:30:00Z') }],
      ['{n, number, percent} done', { n: 0.25 }],
      ['{n, number, ::percent scale/100} done', { n: 0.25 }],
      ['At {t, time}', { t: Date.UTC(2026, 2, 29, 0, 30) }],
      ['{n, plural, offset:1 =0 {nobody} one {you} other {you and # others}}', { n: 3 }],
      ['Hello {name}!', { name: undefined }],
      ['Hello {name}!', { name: null }],
      ['Hello {name}!', { name: false }],
      ['{n, plural, one {# item} other {# items}}', { n: '3' }],
      ['Hello {name}!', { name: createElement('b', null, 'Maija') }],
      ['Hello {name}!', {}],
      ['Broken {', { x: 1 }],
    ];
    for (const [message, values] of cases) {
      const { ours, theirs, compiledAway } = both(message, values);
      expect({ message, ...ours }).toEqual({ message, ...theirs });
      if (!('error' in ours)) expect({ message, compiledAway }).toEqual({ message, compiledAway: false });
    }
  });

  it('formats rich text with React elements as use-intl does, on the compiled way', () => {
    const values = { link: (chunks: unknown[]) => createElement('a', { href: '/x' }, ...(chunks as string[])), count: 2 };
    const message = 'You have {count, plural, one {# parcel} other {# parcels}}: <link>see them</link> now';
    const { ours, theirs, compiledAway } = both(message, values);
    expect(ours).toEqual(theirs);
    expect(Array.isArray(ours.result)).toBe(true);
    expect(compiledAway).toBe(true);
  });

  it('keeps a plain message as it is and t.raw available', () => {
    expect(formatMessage('k', 'No parcels yet', undefined, options('en'))).toBe('No parcels yet');
    expect(formatMessage.raw).toBe(true);
  });

  it('gives use-intl the same error for a message that is not a string', async () => {
    const messages = await loadMessages('en');
    const logged: string[] = [];
    const t = createTranslator({ locale: 'en', messages, onError: (error) => logged.push(error.code) });
    t('order' as never);
    expect(logged).toEqual(['INSUFFICIENT_PATH']);
    expect(() => formatMessage('order', {} as never, undefined, options('en'))).toThrow(expect.objectContaining({ code: 'INSUFFICIENT_PATH' }));
  });
});
