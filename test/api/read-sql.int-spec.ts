import { ReadSql } from '../../src/infrastructure/read-sql';
import type { PostgresDatabase } from '../../src/eventstore';
import { freshDatabase } from '../support/databases';
import { describeWithPostgres } from '../support/describe-with-postgres';

describeWithPostgres('ReadSql: queries as statements prepared once per connection', () => {
  let db: PostgresDatabase;
  let drop: () => Promise<void>;

  beforeAll(async () => {
    // One connection: every query of a test meets the statements the earlier ones prepared.
    ({ db, drop } = await freshDatabase(1));
    await db.exec(`create table read_sql_probe (k int primary key, v int not null);
                   insert into read_sql_probe select g, g * 10 from generate_series(1, 5) g`);
  });
  afterAll(() => drop());

  const prepared = async () =>
    (
      await db.query<{ statement: string }>(
        `select statement from pg_prepared_statements where statement like '%read_sql_probe%'`,
      )
    ).map((r) => r.statement.trim());

  it('prepares a statement on its first run, then binds new values to it', async () => {
    const sql = new ReadSql(db);
    const text = 'select v from read_sql_probe where k = $1';
    expect(await sql.query(text, [2])).toEqual([{ v: 20 }]);
    expect(await sql.query(text, [3])).toEqual([{ v: 30 }]);
    expect(await prepared()).toEqual([text]);
  });

  it('plans each statement once for any values on its own connections, not anew per call', async () => {
    // A batched lookup, as the read models make: an array of keys, often of one.
    const text = 'select v from read_sql_probe where k = any($1::int[]) order by k';
    const plans = async (sql: ReadSql) => {
      for (let call = 0; call < 7; call++) {
        const k = (call % 5) + 1;
        expect(await sql.query(text, [[k]])).toEqual([{ v: k * 10 }]);
      }
      const [row] = await sql.query<{ generic: number; custom: number }>(
        `select generic_plans::int as generic, custom_plans::int as custom
           from pg_prepared_statements where statement = $1`,
        [text],
      );
      return row;
    };
    const own = ReadSql.open(db, 1);
    try {
      expect(await plans(own)).toEqual({ generic: 7, custom: 0 });
    } finally {
      await own.onApplicationShutdown();
    }
    // On the shared pool, with the server's default, the same calls were planned per value.
    expect((await plans(new ReadSql(db)))!.custom).toBeGreaterThanOrEqual(5);
  });

  it('prepares again a statement whose result changed type under it (a migration)', async () => {
    const sql = new ReadSql(db);
    const text = 'select * from read_sql_probe where k = $1';
    expect(await sql.query(text, [1])).toEqual([{ k: 1, v: 10 }]);
    await db.exec('alter table read_sql_probe alter column v type text');
    expect(await sql.query(text, [1])).toEqual([{ k: 1, v: '10' }]);
  });
});
