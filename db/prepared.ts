import type { DbOrTx } from './index';

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
