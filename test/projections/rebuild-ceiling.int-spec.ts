/**
 * The rebuild's database ceiling (`bench rebuild-ceiling`) on a small generated register:
 * it loads every read-model row the rebuild wrote into copies, builds every key and index,
 * and leaves the register as it found it.
 */
import { PROJECTIONS } from '../../projections';
import { rebuildCeilingBench } from '../../src/bench/ceiling-bench';
import { EventStore, type PostgresDatabase } from '../../src/eventstore';
import { generateRegister } from '../../src/generator/generate';
import { rebuildProjections } from '../../src/projection/rebuild';
import { freshDatabase } from '../support/databases';
import { describeWithPostgres } from '../support/describe-with-postgres';

describeWithPostgres('the rebuild ceiling benchmark', () => {
  let db: PostgresDatabase;
  let url: string;
  let drop: () => Promise<void>;

  beforeAll(async () => {
    ({ db, url, drop } = await freshDatabase(4));
    const store = new EventStore(db);
    await generateRegister(store, { persons: 300, seed: 5 });
    await rebuildProjections(db, store, PROJECTIONS);
  }, 120_000);
  afterAll(() => drop());

  const rowsOf = async () => {
    const counts = new Map<string, number>();
    for (const table of PROJECTIONS.flatMap((p) => p.tables))
      counts.set(
        table,
        (await db.query<{ n: number }>(`select count(*)::int as n from ${table}`))[0]!.n,
      );
    return counts;
  };

  it('loads every row the rebuild wrote, builds every index, and drops its copies', async () => {
    const before = await rowsOf();
    const written = [...before.values()].reduce((sum, n) => sum + n, 0);
    const report = await rebuildCeilingBench(url);
    expect(report).toMatchObject({
      scenario: 'rebuild-ceiling',
      events: await new EventStore(db).headPosition(),
      tables: PROJECTIONS.flatMap((p) => p.tables).length,
      rows: written,
    });
    expect(report.rows).toBeGreaterThan(1000);
    expect(report.indexes).toBeGreaterThanOrEqual(report.tables);
    expect(report.copyTextMB).toBeGreaterThanOrEqual(0);
    expect(report.seconds).toBeGreaterThan(0);
    const left = await db.query(`select 1 from pg_namespace where nspname = 'sijill_ceiling'`);
    expect(left).toHaveLength(0);
    expect(await rowsOf()).toEqual(before);
  }, 120_000);
});
