import { test as base, expect, type Page } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import axe, { type AxeResults } from 'axe-core';
import { randomInt } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { createDb, type Db } from '../db';
import { createOrder, type Locale, type TestOrder } from '../test/factories';

/** The raw catalog message, so tests check what the customer reads in each language. */
export function msg(locale: Locale, key: string): string {
  const catalog = JSON.parse(readFileSync(path.join(process.cwd(), 'messages', `${locale}.json`), 'utf8'));
  const value = key.split('.').reduce((node, part) => node?.[part], catalog);
  if (typeof value !== 'string') throw new Error(`No message ${locale}:${key}`);
  return value;
}

/** The text of a message before its first argument ("Order {number}" → "Order"). */
export function msgPrefix(locale: Locale, key: string): string {
  return msg(locale, key).split('{')[0]!.trim();
}

const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

/**
 * One axe scan of the page, with the axe-core pinned in package.json. Without frames, axe-core runs in the page
 * itself and is injected once per document: AxeBuilder injects its ~550 KB twice per scan and opens a blank page
 * for `axe.finishRun`, which cost about 1.1 s a scan on the 2-core machine against 0.35 s here (0.1 s for a second
 * scan of the same document). A page with frames keeps AxeBuilder, which reaches into each frame.
 */
async function scanWithAxe(page: Page, exclude: string[]): Promise<AxeResults> {
  if (page.frames().length > 1) {
    let builder = new AxeBuilder({ page, axeSource: axe.source }).withTags(AXE_TAGS);
    for (const selector of exclude) builder = builder.exclude(selector);
    return builder.analyze();
  }
  const injected = await page.evaluate(() => typeof (window as unknown as { axe?: { run?: unknown } }).axe?.run === 'function');
  if (!injected) await page.evaluate(axe.source);
  return page.evaluate(
    ({ exclude, tags }) => {
      const { axe } = window as unknown as { axe: typeof import('axe-core') };
      return axe.run(exclude.length > 0 ? { exclude } : document, { runOnly: { type: 'tag', values: tags } });
    },
    { exclude, tags: AXE_TAGS },
  );
}

export function e2eDatabaseUrl(): string {
  const state = JSON.parse(readFileSync(path.join(process.cwd(), '.data', 'pg-e2e.json'), 'utf8'));
  return `postgres://${state.user}:${encodeURIComponent(state.password)}@127.0.0.1:${state.port}/paluu`;
}

type Fixtures = {
  clientIp: string;
  makeOrder: (locale?: Locale) => Promise<TestOrder>;
  /** `exclude`: selectors axe skips, e.g. a sandboxed email preview (scripts cannot run inside it). */
  expectNoAxeViolations: (page: Page, options?: { exclude?: string[] }) => Promise<void>;
};

export const test = base.extend<Fixtures, { db: Db }>({
  db: [
    async ({}, use) => {
      const db = createDb(e2eDatabaseUrl(), { max: 2 });
      await use(db);
      await db.$end();
    },
    { scope: 'worker' },
  ],
  // Each test is its own customer behind the (trusted) proxy, so rate limits never leak between tests.
  clientIp: async ({}, use) => use(`10.${randomInt(256)}.${randomInt(256)}.${randomInt(1, 255)}`),
  extraHTTPHeaders: async ({ clientIp }, use) => use({ 'x-forwarded-for': clientIp }),
  makeOrder: async ({ db }, use) => use((locale = 'en') => createOrder(db, locale)),
  expectNoAxeViolations: async ({}, use) =>
    use(async (page, options = {}) => {
      // Next streams <title> with the metadata after the body: right after a client navigation the
      // document is briefly untitled, and axe then reports document-title for a page that has one.
      await expect.poll(() => page.title(), { message: 'the page has a title' }).not.toBe('');
      const results = await scanWithAxe(page, options.exclude ?? []);
      expect(results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
    }),
});

export { expect };
export type { TestOrder };
