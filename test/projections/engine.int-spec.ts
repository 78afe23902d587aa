/**
 * The projection engine on PostgreSQL: one active runner per projection across
 * instances (the stand-by takes over when the leader's session dies), and a rebuild into
 * new tables swapped in while a live runner keeps applying appends.
 */
import { EventStore, type PostgresDatabase } from '../../src/eventstore';
import { ProjectionRunner } from '../../src/projection/runner';
import { rebuildProjections } from '../../src/projection/rebuild';
import { projectionStatus } from '../../src/projection/status';
import { LOCK_CLASS, projectionLockKey } from '../../src/projection/leadership';
import { registerIndex } from '../../projections/register-index/register-index.projection';
import { freshDatabase } from '../support/databases';
import { describeWithPostgres } from '../support/describe-with-postgres';

describeWithPostgres('projection engine', () => {
  let db: PostgresDatabase;
  let store: EventStore;
  let drop: () => Promise<void>;
  const runners: ProjectionRunner[] = [];
  const books = new Map<string, number>();
  let counter = 0;

  beforeEach(async () => {
    ({ db, drop } = await freshDatabase(8));
    store = new EventStore(db);
    books.clear();
  });
  afterEach(async () => {
    await Promise.all(runners.splice(0).map((r) => r.stop()));
    await drop();
  });

  const runner = (options: ConstructorParameters<typeof ProjectionRunner>[3] = {}) => {
    const r = new ProjectionRunner(db, store, registerIndex, { standbyMs: 100, ...options });
    runners.push(r);
    return r;
  };

  /** Allocates `n` act numbers in an office's 2026 register book; the last position. */
  async function registerActs(office: string, n: number): Promise<number> {
    let position = 0;
    for (let k = 0; k < n; k++) {
      const actNumber = (books.get(office) ?? 0) + 1;
      books.set(office, actNumber);
      const idcs = String(2_000_000_000 + counter++);
      ({ position } = await store.append({
        streams: [
          {
            streamId: `register-${office}-2026`,
            expectedVersion: actNumber - 1,
            events: [
              {
                type: 'ActNumberAllocated',
                data: {
                  office,
                  year: 2026,
                  actNumber,
                  actKind: 'birth',
                  idcs,
                  allocatedAt: '2026-01-02',
                  by: {},
                },
              },
            ],
          },
        ],
      }));
    }
    return position;
  }

  const rows = async () =>
    db.query<{ office: string; act_number: number; position: number }>(
      'select office, act_number, position from register_index order by office, act_number',
    );

  it('runs one active runner; the stand-by takes over when the leader session dies', async () => {
    const a = runner();
    const b = runner();
    await a.start();
    await b.start();
    expect([a.active, b.active]).toEqual([true, false]);
    const first = await registerActs('BEC-0101', 5);
    // The stand-by learns the leader's progress from the checkpoint table.
    await b.waitFor(first, 5000);
    expect(b.active).toBe(false);

    const [status] = await projectionStatus(db);
    expect(status).toMatchObject({ name: 'register-index', lagEvents: 0 });
    expect(status!.runner).toMatch(/^pid \d+$/);

    // Kill the leader's lease session, as if its process had died.
    await db.query(
      `select pg_terminate_backend(pid) from pg_locks
        where locktype = 'advisory' and classid = $1 and objid = ($2::int)::oid`,
      [LOCK_CLASS, projectionLockKey('register-index')],
    );
    const second = await registerActs('BEC-0101', 4);
    await b.waitFor(second, 10_000);
    await a.waitFor(second, 10_000);
    expect(a.active || b.active).toBe(true);
    expect((await rows()).map((r) => r.act_number)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
  }, 30_000);

  it('rebuilds into new tables and swaps them in while a live runner applies appends', async () => {
    await registerActs('BEC-0201', 40);
    const live = runner({ batchSize: 7 });
    await live.start();
    await live.waitFor(await store.headPosition(), 5000);
    // Damage the live table, to see that the rebuild's tables replace it.
    await db.query(`delete from register_index where act_number > 30`);

    let appending = true;
    const appender = (async () => {
      while (appending) await registerActs('BEC-0202', 1);
    })();
    let readsDuringRebuild = 0;
    const report = await rebuildProjections(db, store, [registerIndex], {
      pageSize: 9,
      onProgress: () => {
        readsDuringRebuild++;
      },
    });
    appending = false;
    await appender;
    const head = await store.headPosition();
    await live.waitFor(head, 10_000);

    expect(readsDuringRebuild).toBeGreaterThan(1);
    expect(report.position).toBeGreaterThan(0);
    // The steps' times account for the whole rebuild, each in its place.
    const steps = Object.values(report.phases);
    expect(Object.keys(report.phases)).toEqual([
      'load',
      'keys',
      'indexes',
      'derived',
      'catchUp',
      'swap',
    ]);
    expect(steps.every((s) => s >= 0)).toBe(true);
    expect(report.phases.load).toBeGreaterThan(0);
    expect(Math.abs(steps.reduce((a, s) => a + s, 0) - report.seconds)).toBeLessThan(0.01);
    const all = await rows();
    expect(all.filter((r) => r.office === 'BEC-0201').map((r) => r.act_number)).toEqual(
      Array.from({ length: 40 }, (_, i) => i + 1),
    );
    const second = all.filter((r) => r.office === 'BEC-0202').map((r) => r.act_number);
    expect(second).toEqual(Array.from({ length: books.get('BEC-0202')! }, (_, i) => i + 1));
    const [checkpoint] = await db.query<{ position: number }>(
      `select position from projection_checkpoints where name = 'register-index'`,
    );
    expect(checkpoint!.position).toBe(head);
    // Same indexes, same names; no rebuild schema left behind.
    const indexes = await db.query<{ indexname: string }>(
      `select indexname from pg_indexes where tablename = 'register_index' order by 1`,
    );
    expect(indexes.map((i) => i.indexname)).toEqual(['register_index_idcs', 'register_index_pkey']);
    const schemas = await db.query(
      `select nspname from pg_namespace where nspname like 'sijill_%'`,
    );
    expect(schemas).toEqual([]);
  }, 60_000);
});
