/**
 * A query with placeholders, built once per database (or transaction) and then only executed: drizzle
 * otherwise turns the query builder into SQL text again on every call, which was a quarter of the CPU
 * of a page that runs several queries. On the PostgreSQL server it is also a named statement.
 */
export function preparedFor<E extends object, Q>(build: (db: E) => Q): (db: E) => Q {
  const built = new WeakMap<E, Q>();
  return (db) => {
    let query = built.get(db);
    if (query === undefined) built.set(db, (query = build(db)));
    return query;
  };
}
