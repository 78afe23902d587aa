import { PostgresDatabase } from '../../src/eventstore/db';
import { mayUseTls } from '../../src/eventstore/fixed-reads';
import { serverUrl } from '../support/databases';
import { describeWithPostgres } from '../support/describe-with-postgres';

// The socket that reads into one kept buffer hands `pg` whole messages only, moving an
// unfinished one to the buffer's start: these replies cross its 128 KB many times over.
describeWithPostgres('a pool reading into a fixed buffer', () => {
  const url = () => serverUrl()!;
  let fixed: PostgresDatabase;
  let plain: PostgresDatabase;

  beforeAll(() => {
    fixed = new PostgresDatabase(url(), 2);
    plain = new PostgresDatabase(url(), 2, undefined, 'plain');
  });
  afterAll(async () => {
    await Promise.all([fixed.close(), plain.close()]);
  });

  it('reads replies larger than its buffer, and many rows cut anywhere, as a plain socket does', async () => {
    const big = `select repeat('ب', 400000) || g::text as text, g from generate_series(1, 3) g`;
    const many = `select g, md5(g::text) as m, repeat('x', g % 97) as pad from generate_series(1, 60000) g`;
    for (const sql of [big, many]) {
      const [a, b] = await Promise.all([fixed.query(sql), plain.query(sql)]);
      expect(a).toEqual(b);
    }
    const [last] = await fixed.query<{ text: string }>(big);
    expect(last!.text.length).toBe(400001);
  });

  it('keeps the connection usable after an error, and through COPY and transactions', async () => {
    await expect(fixed.query('select 1/0')).rejects.toThrow(/division by zero/);
    await fixed.exec('create temporary table if not exists t (a int)');
    const rows = await fixed.transaction(async (tx) => {
      await tx.exec('create temporary table copied (n int, s text)');
      await tx.copyIn('copied', ['n', 's'], ['1\tun\n', '2\tدو\n']);
      return tx.query<{ n: number; s: string }>('select n, s from copied order by n');
    });
    expect(rows).toEqual([
      { n: 1, s: 'un' },
      { n: 2, s: 'دو' },
    ]);
  });

  it('is not used where the connection may ask for TLS', () => {
    expect(mayUseTls('postgresql://u@h/db')).toBe(false);
    expect(mayUseTls('postgresql://u@h/db?sslmode=disable')).toBe(false);
    expect(mayUseTls('postgresql://u@h/db?sslmode=require')).toBe(true);
    expect(mayUseTls('postgresql://u@h/db?ssl=true')).toBe(true);
  });
});
