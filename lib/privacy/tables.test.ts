/**
 * The data inventory (tables.ts) must match the database: every text, varchar, jsonb, bytea and
 * array column of every table is classified. A table or column added later fails here until it is.
 */
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { testDb } from '@/test/db';
import { IGNORED_TABLES, PRIVACY_CATALOG } from './tables';

const db = testDb();

async function textColumns(): Promise<string[]> {
  const rows = await db.execute<{ table_name: string; column_name: string }>(sql`
    select c.table_name, c.column_name
    from information_schema.columns c
    join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name and t.table_type = 'BASE TABLE'
    where c.table_schema = 'public'
      and (c.data_type in ('text', 'character varying', 'character', 'jsonb', 'json', 'bytea', 'ARRAY', 'xml', 'citext')
           or c.udt_name in ('citext', 'bytea'))
    order by 1, 2`);
  return rows.filter((r) => !(IGNORED_TABLES as readonly string[]).includes(r.table_name)).map((r) => `${r.table_name}.${r.column_name}`);
}

describe('privacy data inventory', () => {
  it('classifies every text, varchar, jsonb, bytea and array column of every table', async () => {
    const catalogue = new Set(Object.entries(PRIVACY_CATALOG).flatMap(([table, columns]) => Object.keys(columns).map((c) => `${table}.${c}`)));
    const unclassified = (await textColumns()).filter((c) => !catalogue.has(c));
    expect(unclassified, 'classify these columns in lib/privacy/tables.ts (and erase them in scrub.ts if they hold customer data)').toEqual([]);
  });

  it('lists no column or table the database does not have (no stale entries)', async () => {
    const actual = new Set(await textColumns());
    const tables = await db.execute<{ table_name: string }>(sql`select table_name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE'`);
    const tableNames = new Set(tables.map((t) => t.table_name));
    const stale = Object.entries(PRIVACY_CATALOG).flatMap(([table, columns]) =>
      tableNames.has(table) ? Object.keys(columns).filter((c) => !actual.has(`${table}.${c}`)).map((c) => `${table}.${c}`) : [table],
    );
    expect(stale).toEqual([]);
  });

  it('knows every table, including those without text columns', async () => {
    const tables = await db.execute<{ table_name: string }>(sql`select table_name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE'`);
    const missing = tables.map((t) => t.table_name).filter((t) => !(t in PRIVACY_CATALOG) && !(IGNORED_TABLES as readonly string[]).includes(t));
    expect(missing).toEqual([]);
  });
});
