/**
 * The contract-step guard (issue #19, docs/operations.md "Releases"): a migration added since the previous
 * release must not break that release's build, which keeps running against the new schema during a rolling
 * deploy. Statements that take away what old code reads or writes are refused unless the migration says,
 * in a `-- contract: <why it is safe>` comment, that the previous release no longer uses it.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';

export type Violation = { statement: string; rule: string };

const CONTRACT_MARKER = /^[ \t]*--[ \t]*contract:[ \t]*\S[^\n]{9,}/im;

/** SQL without comments and string literals' contents, split into statements. */
function statements(sqlText: string): string[] {
  const stripped = sqlText
    .replace(/\/\*[\s\S]*?\*\//g, ' ')
    .replace(/--[^\n]*/g, ' ')
    .replace(/\$([A-Za-z_]*)\$[\s\S]*?\$\1\$/g, "''") // function bodies: their own statements are not DDL here
    .replace(/'(?:[^']|'')*'/g, "''")
    .replace(/"/g, ''); // quoted identifiers compare as plain names
  return stripped
    .split(/;|-->\s*statement-breakpoint/)
    .map((s) => s.replace(/\s+/g, ' ').trim())
    .filter(Boolean);
}

const RULES: { rule: string; test: (s: string, all: string[]) => boolean }[] = [
  { rule: 'DROP TABLE (the previous release still reads it)', test: (s) => /^DROP TABLE\b/i.test(s) },
  // `DROP COLUMN x` or the short `DROP x`; ALTER COLUMN's DROP DEFAULT / DROP NOT NULL and DROP CONSTRAINT are fine.
  { rule: 'DROP COLUMN (the previous release still reads it)', test: (s) => /^ALTER TABLE\b.*\bDROP (?!CONSTRAINT\b|DEFAULT\b|NOT NULL\b|IDENTITY\b|EXPRESSION\b)/i.test(s) },
  { rule: 'RENAME (the previous release uses the old name)', test: (s) => /^ALTER (TABLE|TYPE|INDEX|VIEW|SEQUENCE|SCHEMA)\b.*\bRENAME\b/i.test(s) },
  { rule: 'DROP TYPE / DROP VIEW / DROP SCHEMA', test: (s) => /^DROP (TYPE|VIEW|MATERIALIZED VIEW|SCHEMA)\b/i.test(s) },
  {
    rule: 'SET NOT NULL without a default (the previous release inserts rows without the column)',
    test: (s, all) => {
      const m = /^ALTER TABLE (?:ONLY )?([\w.]+)\s.*\bALTER COLUMN (\w+) SET NOT NULL\b/i.exec(s);
      if (!m) return false;
      const [, table, column] = m;
      const hasDefault = (x: string) => new RegExp(`^ALTER TABLE (?:ONLY )?${escape(table!)}\\s.*\\bALTER COLUMN ${escape(column!)} SET DEFAULT\\b`, 'i').test(x);
      return !all.some(hasDefault);
    },
  },
  {
    rule: 'ADD COLUMN … NOT NULL without a default (the previous release inserts rows without it)',
    test: (s) => /^ALTER TABLE\b.*\bADD COLUMN\b/i.test(s) && /\bNOT NULL\b/i.test(s) && !/\bDEFAULT\b|\bGENERATED\b/i.test(s),
  },
  { rule: 'ALTER COLUMN … TYPE (the previous release reads and writes the old type)', test: (s) => /^ALTER TABLE\b.*\bALTER COLUMN \w+ (SET DATA )?TYPE\b/i.test(s) },
];

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The destructive statements of one migration; none when it carries a `-- contract:` marker with a reason. */
export function contractViolations(sqlText: string): Violation[] {
  if (CONTRACT_MARKER.test(sqlText)) return [];
  const all = statements(sqlText);
  return all.flatMap((statement) => RULES.filter((r) => r.test(statement, all)).map((r) => ({ statement: statement.slice(0, 200), rule: r.rule })));
}

type Journal = { entries: { tag: string }[] };

/** The migrations (tag and SQL) added after the previous release's last one (release.json). */
export function migrationsSinceRelease(root = process.cwd()): { tag: string; sql: string }[] {
  const release = JSON.parse(readFileSync(path.join(root, 'release.json'), 'utf8')) as { previousLastMigration: string };
  const dir = path.join(root, 'db', 'migrations');
  const journal = JSON.parse(readFileSync(path.join(dir, 'meta', '_journal.json'), 'utf8')) as Journal;
  const at = journal.entries.findIndex((e) => e.tag === release.previousLastMigration);
  if (at < 0) throw new Error(`release.json's previousLastMigration ${release.previousLastMigration} is not in db/migrations/meta/_journal.json`);
  return journal.entries.slice(at + 1).map((e) => ({ tag: e.tag, sql: readFileSync(path.join(dir, `${e.tag}.sql`), 'utf8') }));
}
