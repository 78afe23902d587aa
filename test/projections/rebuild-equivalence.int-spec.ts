/**
 * The property every read model must have: fed incrementally, page by page as the log
 * grows, with crashes before commit and restarts at random points, it ends with exactly
 * the rows a rebuild from position zero gives — table for table, row for row.
 *
 * Histories come from the register simulation (births, digitised paper acts, marriages,
 * divorces, deaths, rectifications, name changes, late registrations by judgment) with a
 * random seed and size; the log grows in random slices between projection passes.
 */
import fc from 'fast-check';
import { PROJECTIONS } from '../../projections';
import { EventStore, type AppendRequest, type PostgresDatabase } from '../../src/eventstore';
import { inlineSource } from '../../src/generator/generate';
import type { Projection } from '../../src/projection/projection';
import { rebuildProjections } from '../../src/projection/rebuild';
import { applyPage, CheckpointMoved, readCheckpoint } from '../../src/projection/runner';
import { freshDatabase } from '../support/databases';
import { describeWithPostgres } from '../support/describe-with-postgres';

class Crash extends Error {}

/** Every table of the projections, as sorted JSON rows. */
async function dump(db: PostgresDatabase): Promise<Record<string, string[]>> {
  const tables: Record<string, string[]> = {};
  for (const table of PROJECTIONS.flatMap((p) => p.tables)) {
    const rows = await db.query<{ r: string }>(`select row_to_json(t)::text as r from ${table} t`);
    tables[table] = rows.map((x) => x.r).sort();
  }
  return tables;
}

/** Projects up to the head in pages of random sizes, crashing before some commits. */
async function projectWithCrashes(
  db: PostgresDatabase,
  store: EventStore,
  projection: Projection,
  random: () => number,
): Promise<number> {
  let crashes = 0;
  const head = await store.headPosition();
  for (;;) {
    // A restart: whatever the process knew is gone; the checkpoint is the truth.
    const from = await readCheckpoint(db, projection.name);
    if (from >= head) return crashes;
    const page = await store.readAll(from, 1 + Math.floor(random() * 400));
    // Every pass starts with a crash; later pages crash one time in four.
    const crash = crashes === 0 || random() < 0.25;
    const applied: Projection = crash
      ? {
          ...projection,
          async apply(tx, events) {
            await projection.apply(tx, events);
            throw new Crash('the process died before the commit');
          },
        }
      : projection;
    try {
      await applyPage(db, [applied], page, from);
    } catch (error) {
      if (!(error instanceof Crash) || !crash) throw error;
      crashes++;
    }
  }
}

describeWithPostgres('every projection: incremental with crashes equals a rebuild', () => {
  it('holds for random histories, page sizes and crash points', async () => {
    let runs = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 1_000_000 }),
        fc.integer({ min: 60, max: 250 }),
        fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 1, maxLength: 4 }),
        async (seed, persons, cuts) => {
          runs++;
          const { db, drop } = await freshDatabase(4);
          try {
            const store = new EventStore(db);
            const source = inlineSource({ persons, seed, startYear: 1950, endYear: 2024 });
            const requests = [...(source.requests as Iterable<AppendRequest>)];
            const slices = [...cuts.map((c) => Math.floor(c * requests.length)), requests.length]
              .sort((a, b) => a - b)
              .filter((v, i, all) => i === 0 || v !== all[i - 1]);
            let state = Math.imul(seed, 2654435761) | 1;
            const random = () => {
              // xorshift: the same seed replays the same crash points.
              state ^= state << 13;
              state ^= state >>> 17;
              state ^= state << 5;
              return (state >>> 0) / 2 ** 32;
            };
            let crashes = 0;
            let from = 0;
            for (const to of slices) {
              await store.appendBulk(requests.slice(from, to), { chunkSize: 500 });
              from = to;
              for (const projection of PROJECTIONS)
                crashes += await projectWithCrashes(db, store, projection, random);
            }
            const incremental = await dump(db);
            const inOne = await rebuildProjections(db, store, PROJECTIONS, { pageSize: 700 });
            const rebuilt = await dump(db);
            expect(Object.keys(rebuilt)).toEqual(PROJECTIONS.flatMap((p) => p.tables));
            for (const table of Object.keys(rebuilt)) {
              expect({ table, rows: incremental[table] }).toEqual({ table, rows: rebuilt[table] });
            }
            // The same load in two threads, each folding a group of the projections.
            const inTwo = await rebuildProjections(db, store, PROJECTIONS, {
              pageSize: 700,
              threads: 2,
            });
            expect(inTwo).toMatchObject({ events: inOne.events, position: inOne.position });
            const threaded = await dump(db);
            for (const table of Object.keys(threaded)) {
              expect({ table, rows: incremental[table] }).toEqual({ table, rows: threaded[table] });
            }
            // A heap too small for the rebuilders: they hand over after the first page and
            // `apply` does the rest, with the same tables at the end; in one thread and in two.
            for (const threads of [1, 2]) {
              const handedOver = await rebuildProjections(db, store, PROJECTIONS, {
                pageSize: 50,
                heapBudget: 1,
                threads,
              });
              expect({ threads, until: handedOver.rebuildersUntil }).toEqual({
                threads,
                until: 50,
              });
              const degraded = await dump(db);
              for (const table of Object.keys(degraded)) {
                expect({ threads, table, rows: incremental[table] }).toEqual({
                  threads,
                  table,
                  rows: degraded[table],
                });
              }
            }
            // The property is about something: the register is not empty, crashes happened.
            expect(Object.values(rebuilt).some((rows) => rows.length > 0)).toBe(true);
            expect(crashes).toBeGreaterThan(0);
          } finally {
            await drop();
          }
        },
      ),
      { numRuns: 4, seed: Number(process.env.SIJILL_PROPERTY_SEED ?? Date.now() % 100_000) },
    );
    expect(runs).toBe(4);
  }, 300_000);

  it('a stale runner finds its checkpoint moved and applies nothing', async () => {
    const { db, drop } = await freshDatabase(2);
    try {
      const store = new EventStore(db);
      const source = inlineSource({ persons: 30, seed: 5, startYear: 1950, endYear: 2024 });
      await store.appendBulk([...(source.requests as Iterable<AppendRequest>)]);
      const projection = PROJECTIONS[0]!;
      const page = await store.readAll(0, 50);
      await applyPage(db, [projection], page, await readCheckpoint(db, projection.name));
      const before = await dump(db);
      await expect(applyPage(db, [projection], page, 0)).rejects.toBeInstanceOf(CheckpointMoved);
      expect(await dump(db)).toEqual(before);
    } finally {
      await drop();
    }
  });
});
