/**
 * The projection runner on PostgreSQL: exactly-once application with the checkpoint in the
 * same transaction, through a crash mid-page and with two runners of one projection.
 */
import { EventStore, type PostgresDatabase } from '../../src/eventstore';
import { ProjectionRunner } from '../../src/projection/runner';
import type { Projection } from '../../src/projection/projection';
import { findAct, registerIndex } from '../../projections/register-index/register-index.projection';
import { freshDatabase } from '../support/databases';
import { describeWithPostgres } from '../support/describe-with-postgres';

describeWithPostgres('projection runner: the register index', () => {
  let db: PostgresDatabase;
  let store: EventStore;
  let drop: () => Promise<void>;
  const runners: ProjectionRunner[] = [];
  const runner = (
    projection: Projection,
    options?: ConstructorParameters<typeof ProjectionRunner>[3],
  ) => {
    const r = new ProjectionRunner(db, store, projection, options);
    runners.push(r);
    return r;
  };
  beforeEach(async () => {
    ({ db, drop } = await freshDatabase(6));
    store = new EventStore(db);
    books.clear();
  });
  afterEach(async () => {
    await Promise.all(runners.splice(0).map((r) => r.stop()));
    await drop();
  });

  let counter = 0;
  const books = new Map<string, number>();
  /** Registers `n` more acts in an office's register book, each with its person's birth. */
  async function registerActs(office: string, n: number): Promise<number> {
    let position = 0;
    const first = (books.get(office) ?? 0) + 1;
    books.set(office, first + n - 1);
    for (let i = first; i < first + n; i++) {
      const idcs = String(1_000_000_000 + counter++);
      const result = await store.append({
        streams: [
          {
            streamId: `register-${office}-2026`,
            expectedVersion: i - 1,
            events: [
              {
                type: 'ActNumberAllocated',
                data: {
                  office,
                  year: 2026,
                  actNumber: i,
                  actKind: 'birth',
                  idcs,
                  allocatedAt: '2026-01-02',
                  by: {},
                },
              },
            ],
          },
          {
            streamId: `person-${idcs}`,
            expectedVersion: 'no_stream',
            events: [{ type: 'BirthRegistered', data: {} }],
          },
        ],
      });
      position = result.position;
    }
    return position;
  }

  const count = async () =>
    Number((await db.query<{ n: string }>('select count(*) as n from register_index'))[0]!.n);

  it('indexes every act once and lets a reader wait for its own write', async () => {
    await registerActs('BEC-0001', 5);
    const indexer = runner(registerIndex);
    await indexer.start();
    const last = await registerActs('BEC-0001', 3).then(async (p) => {
      await registerActs('BEC-0002', 2);
      return p;
    });
    await indexer.waitFor(last);
    expect(await findAct(db, 'BEC-0001', 2026, 8)).toMatchObject({
      actNumber: 8,
      actKind: 'birth',
      // The command's register event comes just before its person's birth event.
      position: last - 1,
    });
    await indexer.waitFor(await store.headPosition());
    await indexer.stop();
    expect(await count()).toBe(10);
    const [checkpoint] = await db.query<{ position: number }>(
      `select position from projection_checkpoints where name = 'register-index'`,
    );
    expect(checkpoint!.position).toBe(await store.headPosition());
  });

  it('a crash in the middle of a page applies nothing of it; the retry applies it once', async () => {
    const head = await registerActs('BEC-0003', 6);
    let crashes = 0;
    const crashing: Projection = {
      ...registerIndex,
      async apply(tx, events) {
        await registerIndex.apply(tx, events);
        // The rows are written, then the process "dies" before the commit.
        if (crashes++ === 0) throw new Error('crash before commit');
      },
    };
    const errors: unknown[] = [];
    const indexer = runner(crashing, { batchSize: 4, onError: (e) => errors.push(e) });
    await indexer.start();
    await indexer.waitFor(head, 5000);
    await indexer.stop();
    expect(errors).toHaveLength(1);
    expect(await count()).toBe(6);
  });

  it('two runners of one projection never apply a page twice', async () => {
    const head = await registerActs('BEC-0004', 30);
    const errors: unknown[] = [];
    const a = runner(registerIndex, { batchSize: 3, onError: (e) => errors.push(e) });
    const b = runner(registerIndex, { batchSize: 3, onError: (e) => errors.push(e) });
    await Promise.all([a.start(), b.start()]);
    await Promise.all([a.waitFor(head, 10_000), b.waitFor(head, 10_000)]);
    await Promise.all([a.stop(), b.stop()]);
    expect(await count()).toBe(30);
    // Whatever the loser met was a refused checkpoint move or the duplicate key it implies,
    // never a second application.
    errors.forEach((e) => expect(String(e)).toMatch(/checkpoint was moved|duplicate key/));
  }, 20_000);
});
