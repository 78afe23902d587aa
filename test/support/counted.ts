import type { Sql } from '../../src/eventstore/db';

/** The database, with the text of every statement sent through `query` listed in `sent`. */
export function counted(db: Sql): { sql: Sql; sent: string[] } {
  const sent: string[] = [];
  const sql: Sql = {
    query: <R extends object>(text: string, params?: unknown[]) => {
      sent.push(text);
      return db.query<R>(text, params);
    },
    exec: (script: string) => db.exec(script),
  };
  return { sql, sent };
}
