import compile from 'icu-minify/compile';
import format, { type CompiledMessage } from 'icu-minify/format';
import { IntlMessageFormat, type Formats as MessageFormats } from 'intl-messageformat';
import { isValidElement, type ReactNode } from 'react';
import { IntlError, IntlErrorCode, type Formats, type RichTranslationValues, type _createCache, type _createIntlFormatters } from 'use-intl/core';

/**
 * use-intl's `formatMessage`, swapped in for the pages' bundles by next.config.ts (`turbopack.resolveAlias`, the hook
 * next-intl itself uses for precompiled messages). The original keys its cache of parsed messages with a
 * `JSON.stringify` of the message, the locale and all of intl-messageformat's date formats on every `t()` with values
 * (~6.6 µs each), and in client components' server rendering that cache lives for one request, so each page view
 * parsed its client messages again. Here a catalog message is compiled once per process (icu-minify, the compiler
 * behind next-intl's own precompiling) and formatted without a key to build.
 *
 * Only what icu-minify formats exactly as intl-messageformat does takes that way: messages of text, arguments,
 * `select`, `plural`/`selectordinal` without offset, `#` and tags, with values that are strings, numbers or tag
 * functions. Everything else (number, date and time arguments, which differ without intl-messageformat's named styles;
 * `undefined` or object values, which it renders as nothing or keeps as they are) goes use-intl's own way, below,
 * with its errors. lib/i18n/format-message.test.ts compares both on every message of every catalog. The worker, the
 * scripts and the tests run plain Node without the alias and use the original.
 */
type FormatOptions = {
  cache: ReturnType<typeof _createCache>;
  formatters: ReturnType<typeof _createIntlFormatters>;
  globalFormats?: Formats;
  formats?: Formats;
  locale: string;
  timeZone?: string;
};

type CompiledNode = Exclude<CompiledMessage, string>[number];

const TYPE_POUND = 0;
const TYPE_SELECT = 1;
const TYPE_SELECTORDINAL = 3;
/** Compiled catalog messages; `null` marks one that goes use-intl's way. Bounded by the catalogs and the shop's templates. */
const compiledMessages = new Map<string, CompiledMessage | null>();
const MAX_COMPILED = 20_000;

export default function formatMessage(key: string, message: string, values: RichTranslationValues | undefined, options: FormatOptions): ReactNode {
  if (Array.isArray(message)) {
    throw new IntlError(IntlErrorCode.INVALID_MESSAGE, `Message at \`${key}\` resolved to an array, but only strings are supported.`);
  }
  if (typeof message === 'object') {
    throw new IntlError(IntlErrorCode.INSUFFICIENT_PATH, `Message at \`${key}\` resolved to \`${typeof message}\`, but only strings are supported.`);
  }
  // use-intl's hot path: without values and without ICU syntax a message is its own result.
  if (!values && !/'[{}<#|']|<|{/.test(message)) return message;

  const compiled = compiledOf(message);
  if (compiled !== null && plainValues(values)) {
    try {
      return asNode(format<ReactNode>(compiled, options.locale, values as Record<string, string | number>, { formatters: options.formatters }));
    } catch {
      // e.g. a plural given a string, or a missing value: use-intl's way answers with its own error.
    }
  }
  return formatWithIntlMessageFormat(message, values, options);
}
// `t.raw` stays available (the precompiled variant turns it off).
formatMessage.raw = true;

function compiledOf(message: string): CompiledMessage | null {
  let compiled = compiledMessages.get(message);
  if (compiled === undefined) {
    try {
      compiled = compile(message);
      if (typeof compiled !== 'string' && !compiled.every(formatsAlike)) compiled = null;
    } catch {
      compiled = null; // a plural offset, or a syntax error use-intl's way reports
    }
    if (compiledMessages.size >= MAX_COMPILED) compiledMessages.clear();
    compiledMessages.set(message, compiled);
  }
  return compiled;
}

/** Text, `#`, `{arg}`, select, plural and tags format alike in both; number, date and time arguments do not. */
function formatsAlike(node: CompiledNode): boolean {
  if (!Array.isArray(node)) return true;
  const [, type, ...rest] = node as unknown[];
  if (type === undefined) return true;
  if (typeof type !== 'number' || type === TYPE_POUND) return [type, ...rest].every((child) => formatsAlike(child as CompiledNode));
  if (type < TYPE_SELECT || type > TYPE_SELECTORDINAL) return false;
  // A branch is text, `#` or a list of nodes.
  return Object.values(rest[0] as Record<string, CompiledNode | CompiledNode[]>).every((branch) => !Array.isArray(branch) || (branch as CompiledNode[]).every(formatsAlike));
}

function plainValues(values: RichTranslationValues | undefined): boolean {
  if (!values) return true;
  for (const name in values) {
    const kind = typeof values[name];
    if (kind !== 'string' && kind !== 'number' && kind !== 'function') return false;
  }
  return true;
}

function asNode(formatted: unknown): ReactNode {
  return isValidElement(formatted) || Array.isArray(formatted) || typeof formatted === 'string' ? (formatted as ReactNode) : String(formatted);
}

/** use-intl 4.14's own way (its compile-format): intl-messageformat with use-intl's formats, kept in the request's cache. */
function formatWithIntlMessageFormat(message: string, values: RichTranslationValues | undefined, options: FormatOptions): ReactNode {
  const { cache, formats, formatters, globalFormats, locale, timeZone } = options;
  const messageFormats = intlMessageFormats(globalFormats, formats, timeZone);
  const store = cache.message as Record<string, IntlMessageFormat | undefined>;
  const cacheKey = JSON.stringify([message, locale, messageFormats]);
  let messageFormat = store[cacheKey];
  if (!messageFormat) {
    try {
      messageFormat = new IntlMessageFormat(message, locale, messageFormats, {
        formatters: {
          ...formatters,
          // use-intl's workaround for https://github.com/formatjs/formatjs/issues/4279
          getDateTimeFormat: (locales, dateTimeOptions) => formatters.getDateTimeFormat(locales, { ...dateTimeOptions, timeZone: dateTimeOptions?.timeZone ?? timeZone }),
        },
      });
    } catch (error) {
      throw new IntlError(IntlErrorCode.INVALID_MESSAGE, `${(error as Error).message} (${(error as { originalMessage?: string }).originalMessage})`);
    }
    store[cacheKey] = messageFormat;
  }
  return asNode(messageFormat.format(values as Record<string, string>));
}

/** intl-messageformat has `date` and `time` formats, use-intl one `dateTime` set; the time zone is merged into each. */
function intlMessageFormats(globalFormats: Formats | undefined, inlineFormats: Formats | undefined, timeZone: string | undefined): Partial<MessageFormats> {
  const dateTime = { ...globalFormats?.dateTime, ...inlineFormats?.dateTime };
  const all = {
    date: { ...IntlMessageFormat.formats.date, ...dateTime } as Record<string, Intl.DateTimeFormatOptions>,
    time: { ...IntlMessageFormat.formats.time, ...dateTime } as Record<string, Intl.DateTimeFormatOptions>,
    number: { ...globalFormats?.number, ...inlineFormats?.number },
  };
  if (timeZone) {
    for (const group of [all.date, all.time]) {
      for (const [name, value] of Object.entries(group)) group[name] = { timeZone, ...value };
    }
  }
  return all;
}
