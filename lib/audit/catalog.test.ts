import { readFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { AUDIT_CATALOG, AUDIT_EVENT_TYPES, isAuditEventType } from './catalog';

const languages = ['en', 'fi', 'sv', 'da', 'nb'] as const;
const catalogs = Object.fromEntries(
  languages.map((lang) => [lang, JSON.parse(readFileSync(path.join(process.cwd(), 'messages', `${lang}.json`), 'utf8')) as Record<string, unknown>]),
) as Record<(typeof languages)[number], Record<string, unknown>>;

/** `auditEvents.<entity>.<action>` as the staff timeline reads it (next-intl's nested key). */
function labelOf(lang: (typeof languages)[number], type: string): unknown {
  return type.split('.').reduce<unknown>((node, key) => (node && typeof node === 'object' ? (node as Record<string, unknown>)[key] : undefined), catalogs[lang].auditEvents);
}

describe('the audit catalog', () => {
  it('names every type as <entity>.<past_tense> with a zod schema for its data', () => {
    expect(AUDIT_EVENT_TYPES.length).toBeGreaterThanOrEqual(90);
    for (const type of AUDIT_EVENT_TYPES) {
      expect(type).toMatch(/^[a-z_]+\.[a-z_]+$/);
      expect(typeof AUDIT_CATALOG[type].safeParse).toBe('function');
    }
    expect(isAuditEventType('refund.failed')).toBe(true);
    expect(isAuditEventType('refund.nonsense')).toBe(false);
    expect(isAuditEventType('toString')).toBe(false);
  });

  it.each(languages)('every type has its own timeline label in %s (no "Other", no raw code)', (lang) => {
    const missing: string[] = [];
    for (const type of AUDIT_EVENT_TYPES) {
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
    const copies = AUDIT_EVENT_TYPES.filter((type) => labelOf('fi', type) === labelOf('en', type) || labelOf('sv', type) === labelOf('en', type));
    expect(copies).toEqual([]);
  });

  it('the message catalogs hold no audit label for a type the catalog does not know (no stale labels)', () => {
    const known = new Set<string>(AUDIT_EVENT_TYPES);
    for (const lang of languages) {
      const tree = catalogs[lang].auditEvents as Record<string, Record<string, string>>;
      const labelled = Object.entries(tree).flatMap(([entity, actions]) => Object.keys(actions).map((action) => `${entity}.${action}`));
      expect(labelled.filter((type) => !known.has(type))).toEqual([]);
    }
  });

  it('no code writes audit rows around recordCaseEvent (one writer; the delay sweep is the one set-based exception)', () => {
    // Audit rows are domain_events with audience 'audit' (case_events is a view of them): an insert into the view,
    // or a row built with the audit audience anywhere else, is a second writer.
    const pattern = 'insert\\(caseEvents\\)|insert into ' + 'case_events|audience: ' + "'audit'|'audit'" + '::event_audience';
    const hits = execFileSync('grep', ['-rlE', pattern, 'lib', 'app', 'scripts', 'test', 'e2e', 'db/seed.ts'], { cwd: process.cwd(), encoding: 'utf8' })
      .split('\n')
      .filter(Boolean)
      .sort();
    expect(hits).toEqual(['lib/audit/record-case-event.ts', 'lib/delays/sweep-delays.ts']);
  });
});
