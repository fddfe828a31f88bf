import { fillPlaceholders, type SQL } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import type { Db, DbOrTx } from './index';

// The same SQL dialect as the app's handles (db/index.ts): column names in snake_case.
const dialect = new PgDialect({ casing: 'snake_case' });

/**
 * A drizzle query built and prepared once per database handle instead of on every call. Building the SQL is most of
 * what a read costs the process that runs it (`npm run bench:statements`: ~300–400 µs of CPU for a builder read of
 * one order row, ~70–100 µs for the same read prepared), and the pages run the same reads on every request
 * (issue #16). Values go in through `sql.placeholder(name)` and `.execute({ name: value })`. A transaction gets its
 * own (a prepared query belongs to the handle it was prepared on), which costs what building it did before.
 */
export function preparedQuery<Query>(build: (db: DbOrTx) => Query): (db: DbOrTx) => Query {
  const byHandle = new WeakMap<DbOrTx, Query>();
  return (db) => {
    let query = byHandle.get(db);
    if (!query) {
      query = build(db);
      byHandle.set(db, query);
    }
    return query;
  };
}

/**
 * A raw `sql` statement compiled once and run as a server-side prepared statement: drizzle's `db.execute(sql…)`
 * builds the text again on every call and sends it unprepared, so PostgreSQL parses and plans it every time too. The
 * long one-statement reads of the pages (the order page's, the tracking view's) are what this is for. Values go in
 * through `sql.placeholder(name)`; a database handle only (a transaction's statements are its own).
 */
export function preparedSql<Row>(build: () => SQL): (db: Db, values: Record<string, unknown>) => Promise<Row[]> {
  let compiled: { sql: string; params: unknown[] } | undefined;
  return async (db, values) => {
    compiled ??= dialect.sqlToQuery(build());
    const params = fillPlaceholders(compiled.params, values) as never[];
    return (await db.$client.unsafe(compiled.sql, params, { prepare: true })) as unknown as Row[];
  };
}
