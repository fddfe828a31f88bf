import { readFileSync } from 'node:fs';
import path from 'node:path';
import { IntlMessageFormat } from 'intl-messageformat';
import { describe, expect, it } from 'vitest';
import { localeTags } from './locales';

/**
 * The Swedish catalog must be Swedish (issue #17): the staff desk once shipped ~1,000 English copies in
 * sv.json, which no key-or-placeholder check notices because the keys and placeholders were all there.
 * A Swedish message may equal the English one only when Swedish spells it the same (listed below) or
 * when it has no words at all ("{carrier} · {trackingNumber}").
 */

/** Keys whose Swedish text is legitimately the English one. */
const SAME_IN_SWEDISH: Record<string, string> = Object.fromEntries(
  Object.entries({
    // "Status", "Normal", "Prefix", "Period", "Finland" and "Team" are Swedish words too.
    'the same word in Swedish': [
      'staff.queue.filter.status',
      'staff.queue.col.status',
      'staff.case.status',
      'staff.outbox.status',
      'staffReturns.status',
      'staffAdmin.staff.columns.status',
      'staffAdmin.apiKeys.columns.status',
      'staffDelays.status',
      'webhooks.columns.status',
      'webhooks.deliveryColumns.status',
      'staff.queue.priority.normal',
      'staffAdmin.apiKeys.columns.prefix',
      'staffReports.columns.period',
      'staffAdmin.sla.countries.FI',
      'staff.queue.filter.team',
      'staff.case.team',
      'automation.team',
      'automation.teamsAdmin.name',
      // The existing Swedish webhook pages call them "Webhooks" (the Standard Webhooks name).
      'staffSettings.nav.webhooks',
      'webhooks.title',
    ],
    'an abbreviation or standard name used as is': ['staff.queue.col.sla', 'staff.case.sla', 'labels.document.rma', 'refundAccount.ibanLabel', 'payouts.account.iban'],
    'a unit symbol: "h" and "ms" are the same in Swedish': ['staffReports.buckets.h4', 'staffReports.buckets.h8', 'staffReports.buckets.h24', 'webhooks.durationMs'],
    'a company or product name': [
      'refunds.desk.rail.stripe',
      'refunds.desk.rail.shopify',
      'refunds.desk.rail.woocommerce',
      'refunds.desk.rail.paytrail',
      'refunds.desk.rail.klarna',
      'staffAdmin.carriers.booking.via.pakettikauppa',
    ],
  }).flatMap(([reason, keys]) => keys.map((key) => [key, reason])),
);

type Tree = { [key: string]: string | Tree };
const flatten = (tree: Tree, prefix = ''): Array<[string, string]> =>
  Object.entries(tree).flatMap(([key, value]) => (typeof value === 'string' ? [[`${prefix}${key}`, value] as [string, string]] : flatten(value, `${prefix}${key}.`)));
const catalog = (locale: string) => new Map(flatten(JSON.parse(readFileSync(path.join(process.cwd(), 'messages', `${locale}.json`), 'utf8')) as Tree));

const english = catalog('en');
const swedish = catalog('sv');

type AstNode = { type: number; value?: unknown; options?: Record<string, { value: AstNode[] }>; children?: AstNode[] };
const LITERAL = 0;
const TAG = 8;

/** The words of a message around its arguments, plural and select branches included. */
function literalText(nodes: AstNode[]): string {
  return nodes
    .map((node) => {
      if (node.type === LITERAL) return String(node.value);
      const branches = Object.values(node.options ?? {}).map((option) => literalText(option.value));
      return [...branches, literalText(node.children ?? [])].join(' ');
    })
    .join(' ');
}

/** Every argument ("{count, plural, …}" → "count") and rich-text tag ("<link>" → "<link>") a message uses. */
function placeholders(nodes: AstNode[], out = new Set<string>()): Set<string> {
  for (const node of nodes) {
    if (node.type === TAG) out.add(`<${String(node.value)}>`);
    else if (node.type !== LITERAL && typeof node.value === 'string') out.add(node.value);
    for (const option of Object.values(node.options ?? {})) placeholders(option.value, out);
    placeholders(node.children ?? [], out);
  }
  return out;
}

const parse = (message: string, locale: string) => new IntlMessageFormat(message, locale).getAst() as AstNode[];

describe('the Swedish catalog', () => {
  it('has no message left in English, except the listed ones that Swedish spells the same', () => {
    const copies = [...swedish]
      .filter(([key, text]) => text === english.get(key) && !(key in SAME_IN_SWEDISH))
      .filter(([, text]) => /\p{L}/u.test(literalText(parse(text, localeTags.sv))))
      .map(([key, text]) => `${key}: ${text}`);
    expect(copies, 'sv.json messages identical to en.json: translate them, or list the key with its reason').toEqual([]);
  });

  it('lists only keys that exist and still equal English (a translated key leaves the list)', () => {
    const stale = Object.keys(SAME_IN_SWEDISH).filter((key) => !swedish.has(key) || swedish.get(key) !== english.get(key));
    expect(stale).toEqual([]);
  });

  it('keeps every placeholder and rich-text tag of the English message', () => {
    const mismatches: string[] = [];
    for (const [key, text] of swedish) {
      const source = english.get(key);
      if (source === undefined) continue;
      const want = [...placeholders(parse(source, localeTags.en))].sort().join(', ');
      const got = [...placeholders(parse(text, localeTags.sv))].sort().join(', ');
      if (want !== got) mismatches.push(`${key}: en {${want}} but sv {${got}}`);
    }
    expect(mismatches).toEqual([]);
  });
});
