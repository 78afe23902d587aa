/**
 * Correctness under concurrency and failure, against a real PostgreSQL server.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import pg from 'pg';
import {
  EventStore,
  WrongExpectedVersionError,
  verifyLog,
  type PostgresDatabase,
  type StoredEvent,
} from '../../src/eventstore';
import { appendPrepared, copyRows, prepare } from '../../src/eventstore/append';
import { freshDatabase } from '../support/databases';
import { describeWithPostgres } from '../support/describe-with-postgres';

describeWithPostgres('event store correctness on PostgreSQL', () => {
  let db: PostgresDatabase;
  let url: string;
  let store: EventStore;
  let drop: () => Promise<void>;
  beforeAll(async () => {
    ({ db, url, drop } = await freshDatabase(20));
    store = new EventStore(db);
  });
  afterAll(async () => drop());

  const event = (i: number) => ({ type: 'MarginalNoteAdded', data: { i } });

  it('200 concurrent appends with the same expected version: exactly one wins', async () => {
    await store.append({
      streams: [{ streamId: 'person-race', expectedVersion: 'no_stream', events: [event(0)] }],
    });
    const head = await store.headPosition();
    const outcomes = await Promise.allSettled(
      Array.from({ length: 200 }, (_, i) =>
        store.append({
          streams: [{ streamId: 'person-race', expectedVersion: 1, events: [event(i + 1)] }],
        }),
      ),
    );
    const won = outcomes.filter((o) => o.status === 'fulfilled');
    const lost = outcomes.filter((o): o is PromiseRejectedResult => o.status === 'rejected');
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(199);
    lost.forEach((o) => {
      expect(o.reason).toBeInstanceOf(WrongExpectedVersionError);
      expect(o.reason).toMatchObject({ streamId: 'person-race', expected: 1, actual: 2 });
    });
    expect(await store.headPosition()).toBe(head + 1);
    expect(await store.readStream('person-race')).toHaveLength(2);
  });

  it('1,000 concurrent multi-stream appends over 50 streams: versions 1..n, each event once', async () => {
    const streams = Array.from({ length: 50 }, (_, i) => `person-multi-${i}`);
    const start = await store.headPosition();
    // Each command writes to up to three streams at once (like a marriage noted on two
    // records and a register); the store alone must number every stream without gaps.
    const appendOne = (k: number) => {
      const chosen = [...new Set([k % 50, (k * 7 + 3) % 50, (k * 13 + 11) % 50])].map(
        (i) => streams[i]!,
      );
      return store.append({
        commandId: `multi-${k}`,
        streams: chosen.map((s) => ({
          streamId: s,
          expectedVersion: 'any' as const,
          events: [event(k)],
        })),
      });
    };
    const results = await Promise.all(Array.from({ length: 1000 }, (_, k) => appendOne(k)));
    expect(results.every((r) => !r.duplicate)).toBe(true);
    let total = 0;
    for (const s of streams) {
      const versions = (await store.readStream(s)).map((e) => e.version);
      expect(versions).toEqual(Array.from({ length: versions.length }, (_, i) => i + 1));
      total += versions.length;
    }
    const all: StoredEvent[] = [];
    for (let from = start; ;) {
      const page = await store.readAll(from, 500);
      if (page.length === 0) break;
      all.push(...page);
      from = page[page.length - 1]!.position;
    }
    expect(all).toHaveLength(total);
    expect(all.map((e) => e.position)).toEqual(
      Array.from({ length: total }, (_, i) => start + i + 1),
    );
    expect(new Set(all.map((e) => `${e.streamId}@${e.version}`)).size).toBe(total);
    // Every command landed whole: one event per chosen stream, all with its command id.
    const perCommand = new Map<string, number>();
    all.forEach((e) => perCommand.set(e.commandId!, (perCommand.get(e.commandId!) ?? 0) + 1));
    expect(perCommand.size).toBe(1000);
  }, 60_000);

  it('a reader never skips an event whose transaction holds a lower position and commits late', async () => {
    const start = await store.headPosition();
    let release: () => void = () => undefined;
    const gate = new Promise<void>((r) => (release = r));
    let locked: () => void = () => undefined;
    const holding = new Promise<void>((r) => (locked = r));
    // A slow transaction takes position start+1 and holds it open.
    const slow = db.transaction(async (tx) => {
      const outcome = await appendPrepared(
        tx,
        [
          prepare({
            streams: [
              { streamId: 'person-slow', expectedVersion: 'no_stream', events: [event(1)] },
            ],
          }),
        ],
        copyRows,
      );
      locked();
      await gate;
      return outcome;
    });
    await holding;
    const received: StoredEvent[] = [];
    const sub = store.subscribe({
      from: start,
      pollMs: 20,
      handle: (e) => void received.push(...e),
    });
    // A later append queues behind it and must not become visible first.
    const fast = store.append({
      streams: [{ streamId: 'person-fast', expectedVersion: 'no_stream', events: [event(2)] }],
    });
    await new Promise((r) => setTimeout(r, 200));
    expect(received).toEqual([]);
    release();
    await slow;
    await fast;
    for (let i = 0; i < 100 && received.length < 2; i++)
      await new Promise((r) => setTimeout(r, 20));
    await sub.stop();
    expect(received.map((e) => [e.position, e.streamId])).toEqual([
      [start + 1, 'person-slow'],
      [start + 2, 'person-fast'],
    ]);
  });

  it('a bulk import killed with SIGKILL leaves a valid log, and re-running it appends exactly what was missing', async () => {
    const child = join(__dirname, 'fixtures', 'bulk-import-child.ts');
    const run = (kill: boolean) =>
      new Promise<string>((resolve, reject) => {
        const p = spawn(
          process.execPath,
          ['-r', '@swc-node/register', child, url, '30000', '2000'],
          {
            cwd: join(__dirname, '..', '..'),
            stdio: ['ignore', 'pipe', 'inherit'],
          },
        );
        let out = '';
        p.stdout.on('data', (d: Buffer) => {
          out += d.toString();
          const committed = [...out.matchAll(/progress (\d+)/g)].map((m) => Number(m[1]));
          if (kill && committed.some((c) => c >= 6000)) p.kill('SIGKILL');
        });
        p.on('error', reject);
        p.on('exit', () => resolve(out));
      });
    const killed = await run(true);
    expect(killed).not.toMatch(/done/);
    const count = async () =>
      Number(
        (
          await db.query<{ n: string }>(
            `select count(*) as n from events where stream_id like 'person-legacy-%'`,
          )
        )[0]!.n,
      );
    const afterCrash = await count();
    expect(afterCrash).toBeGreaterThanOrEqual(6000);
    expect(afterCrash).toBeLessThan(30000);
    expect(afterCrash % 2000).toBe(0);
    expect((await verifyLog(db)).ok).toBe(true);

    const rerun = await run(false);
    expect(rerun).toContain(`done {"appended":${30000 - afterCrash},"duplicates":${afterCrash}}`);
    expect(await count()).toBe(30000);
    const verified = await verifyLog(db);
    expect(verified.problems).toEqual([]);
  }, 120_000);

  it('a follower whose LISTEN connection is killed listens again and misses nothing', async () => {
    const start = await store.headPosition();
    const received: StoredEvent[] = [];
    // A poll interval far longer than the test: only notifications can wake it in time.
    const sub = store.subscribe({
      from: start,
      pollMs: 60_000,
      handle: (e) => void received.push(...e),
    });
    await new Promise((r) => setTimeout(r, 200));
    await db.query(
      `select pg_terminate_backend(pid) from pg_stat_activity
        where datname = current_database() and query ilike 'listen%'`,
    );
    await store.append({
      streams: [
        { streamId: 'person-relisten-1', expectedVersion: 'no_stream', events: [event(1)] },
      ],
    });
    await new Promise((r) => setTimeout(r, 500));
    await store.append({
      streams: [
        { streamId: 'person-relisten-2', expectedVersion: 'no_stream', events: [event(2)] },
      ],
    });
    for (let i = 0; i < 100 && received.length < 2; i++)
      await new Promise((r) => setTimeout(r, 20));
    await sub.stop();
    expect(received.map((e) => e.streamId)).toEqual(['person-relisten-1', 'person-relisten-2']);
  });

  it('the application role may read and append, never change or delete', async () => {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      await client.query('set role sijill_app');
      await expect(client.query(`update events set type = 'X'`)).rejects.toThrow(
        /permission denied/,
      );
      await expect(client.query(`delete from events`)).rejects.toThrow(/permission denied/);
      await expect(client.query(`truncate events`)).rejects.toThrow(/permission denied/);
      const rows = await client.query('select count(*) from events');
      expect(Number(rows.rows[0].count)).toBeGreaterThan(0);
    } finally {
      await client.end();
    }
  });
});
