import { readFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { EVENT_CATALOG, EVENT_TYPES, isEventType, PUBLIC_EVENT_TYPES, publicDataOf } from './catalog';

const languages = ['en', 'fi', 'sv', 'da', 'nb'] as const;
const catalogs = Object.fromEntries(
  languages.map((lang) => [lang, JSON.parse(readFileSync(path.join(process.cwd(), 'messages', `${lang}.json`), 'utf8')) as Record<string, unknown>]),
) as Record<(typeof languages)[number], Record<string, unknown>>;

/** `auditEvents.<entity>.<action>` as the staff timeline reads it (next-intl's nested key). */
function labelOf(lang: (typeof languages)[number], type: string): unknown {
  return type.split('.').reduce<unknown>((node, key) => (node && typeof node === 'object' ? (node as Record<string, unknown>)[key] : undefined), catalogs[lang].auditEvents);
}

describe('the one event catalog', () => {
  it('names every type as <entity>.<past_tense> with its aggregate, audience, description and a zod schema for its data', () => {
    expect(EVENT_TYPES.length).toBeGreaterThanOrEqual(100);
    for (const type of EVENT_TYPES) {
      const definition = EVENT_CATALOG[type];
      expect(type).toMatch(/^[a-z_]+\.[a-z_]+$/);
      expect(['public', 'internal', 'audit']).toContain(definition.audience);
      expect(definition.description.length).toBeGreaterThan(5);
      expect(typeof definition.data.safeParse).toBe('function');
      // Merchants see a public type's named keys only; the other audiences publish nothing.
      expect(definition.publicData === null).toBe(definition.audience !== 'public');
    }
    expect(isEventType('refund.failed')).toBe(true);
    expect(isEventType('refund.nonsense')).toBe(false);
    expect(isEventType('toString')).toBe(false);
  });

  it('every key a public type publishes is a key of its one data schema', () => {
    for (const type of PUBLIC_EVENT_TYPES) {
      const definition = EVENT_CATALOG[type];
      const dataKeys = Object.keys(definition.data.shape);
      expect(Object.keys(definition.publicData.shape).filter((key) => !dataKeys.includes(key))).toEqual([]);
    }
  });

  it("publishes refund.failed's ids and amount but not the provider's message or code", () => {
    const data = { refundId: 'r', orderId: 'o', amount: 500, currency: 'EUR', rail: 'stripe', message: 'card_declined: do not honor', code: 'do_not_honor' };
    expect(publicDataOf('refund.failed', data)).toEqual({ refundId: 'r', orderId: 'o', amount: 500, currency: 'EUR', rail: 'stripe' });
  });

  it.each(languages)('every type has its own timeline label in %s (no "Other", no raw code)', (lang) => {
    const missing: string[] = [];
    for (const type of EVENT_TYPES) {
      const label = labelOf(lang, type);
      if (typeof label !== 'string' || label.trim() === '' || label === type || label.includes('_')) missing.push(type);
    }
    expect(missing).toEqual([]);
  });

  it('the refund types that used to read "Other" on the case page have labels', () => {
    for (const type of ['refund.processing', 'refund.accepted', 'refund.retry_scheduled', 'refund.succeeded', 'refund.failed', 'refund.retried']) {
      expect(labelOf('en', type)).toEqual(expect.stringMatching(/refund/i));
      expect(labelOf('fi', type)).toEqual(expect.stringMatching(/hyvity/i));
      expect(labelOf('sv', type)).toEqual(expect.stringMatching(/återbetalning/i));
    }
  });

  it('the fi and sv labels are translations, not English copies', () => {
    const copies = EVENT_TYPES.filter((type) => labelOf('fi', type) === labelOf('en', type) || labelOf('sv', type) === labelOf('en', type));
    expect(copies).toEqual([]);
  });

  it('the message catalogs hold no audit label for a type the catalog does not know (no stale labels)', () => {
    const known = new Set<string>(EVENT_TYPES);
    for (const lang of languages) {
      const tree = catalogs[lang].auditEvents as Record<string, Record<string, string>>;
      const labelled = Object.entries(tree).flatMap(([entity, actions]) => Object.keys(actions).map((action) => `${entity}.${action}`));
      expect(labelled.filter((type) => !known.has(type))).toEqual([]);
    }
  });

  it('no code writes event rows around recordEvent (one writer; the delay sweep is the one set-based exception)', () => {
    // Audit rows are domain_events with audience 'audit' (case_events is a view of them): an insert into the view,
    // or a row built with the audit audience anywhere else, is a second writer.
    const pattern = 'insert\\(caseEvents\\)|insert into ' + 'case_events|audience: ' + "'audit'|'audit'" + '::event_audience';
    const hits = execFileSync('grep', ['-rlE', pattern, 'lib', 'app', 'scripts', 'test', 'e2e', 'db/seed.ts'], { cwd: process.cwd(), encoding: 'utf8' })
      .split('\n')
      .filter(Boolean)
      .sort();
    // timeline-one-row.test.ts inserts into the view on purpose: it plays the previous release's writer.
    expect(hits).toEqual(['lib/cases/timeline-one-row.test.ts', 'lib/core/events/record-event.ts', 'lib/delays/sweep-delays.ts']);
  });
});
