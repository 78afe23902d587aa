/**
 * The event store's contract: every backend runs these same tests (ENGINE.md).
 */
import {
  EventStore,
  WrongExpectedVersionError,
  InvalidAppendError,
  prepareAppend,
  verifyLog,
  type Database,
  type StoredEvent,
} from '../../src/eventstore';
import type { RebuildEvent } from '../../src/projection/projection';

export interface BackendFixture {
  db: Database;
  store: EventStore;
  /** Runs SQL as a superuser with triggers disabled: a tamperer with direct access. */
  tamper: (sql: string) => Promise<void>;
}

let seq = 0;
const stream = (prefix = 'person') => `${prefix}-${Date.now().toString(36)}-${seq++}`;
const birth = (n = 1) => ({
  type: 'BirthRegistered',
  data: { n, name: { ar: 'محمد', lat: 'Mohammed' } },
});

export function storeContract(
  name: string,
  open: () => Promise<BackendFixture>,
  close: (f: BackendFixture) => Promise<void>,
) {
  describe(`event store contract: ${name}`, () => {
    let f: BackendFixture;
    let store: EventStore;
    // Opening PGlite (WASM, with its extensions) takes seconds on a busy machine.
    beforeAll(async () => {
      f = await open();
      store = f.store;
    }, 60_000);
    afterAll(async () => close(f));

    it('appends an event and reads back its whole envelope', async () => {
      const id = stream();
      const result = await store.append({
        commandId: `cmd-${id}`,
        streams: [
          {
            streamId: id,
            expectedVersion: 'no_stream',
            events: [
              {
                type: 'BirthRegistered',
                schemaVersion: 2,
                data: { child: { ar: 'فاطمة الزهراء', lat: 'Fatima Zahra' }, note: 'tab\there\\' },
                occurredAt: '2025-05-12T10:30:00+01:00',
                metadata: {
                  correlationId: 'corr-1',
                  causationId: 'cause-1',
                  actor: { userId: 'U-1', role: 'registrar', office: 'BEC-0001' },
                  legalBasis: { kind: 'declaration' },
                },
              },
            ],
          },
        ],
      });
      expect(result.duplicate).toBe(false);
      expect(result.streams).toEqual([{ streamId: id, version: 1, firstVersion: 1 }]);
      const [event] = await store.readStream(id);
      expect(event).toMatchObject({
        position: result.position,
        streamId: id,
        version: 1,
        type: 'BirthRegistered',
        schemaVersion: 2,
        data: { child: { ar: 'فاطمة الزهراء', lat: 'Fatima Zahra' }, note: 'tab\there\\' },
        commandId: `cmd-${id}`,
        occurredAt: '2025-05-12T09:30:00.000Z',
        recordedAt: result.recordedAt,
        metadata: {
          correlationId: 'corr-1',
          causationId: 'cause-1',
          actor: { userId: 'U-1', role: 'registrar', office: 'BEC-0001' },
          legalBasis: { kind: 'declaration' },
        },
      });
      expect(event!.metadata.eventId).toMatch(
        /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
      );
      expect(event!.recordedAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/);
    });

    it('checks each kind of expected version and names the stream in a conflict', async () => {
      const id = stream();
      await expect(
        store.append({
          streams: [{ streamId: id, expectedVersion: 'stream_exists', events: [birth()] }],
        }),
      ).rejects.toMatchObject({ streamId: id, expected: 'stream_exists', actual: 0 });
      await store.append({
        streams: [{ streamId: id, expectedVersion: 0, events: [birth(1), birth(2)] }],
      });
      await store.append({ streams: [{ streamId: id, expectedVersion: 2, events: [birth(3)] }] });
      const stale = store.append({
        streams: [{ streamId: id, expectedVersion: 2, events: [birth(4)] }],
      });
      await expect(stale).rejects.toBeInstanceOf(WrongExpectedVersionError);
      await expect(stale).rejects.toMatchObject({ streamId: id, expected: 2, actual: 3 });
      await expect(
        store.append({
          streams: [{ streamId: id, expectedVersion: 'no_stream', events: [birth()] }],
        }),
      ).rejects.toMatchObject({ actual: 3 });
      await store.append({
        streams: [{ streamId: id, expectedVersion: 'stream_exists', events: [birth(5)] }],
      });
      await store.append({
        streams: [{ streamId: id, expectedVersion: 'any', events: [birth(6)] }],
      });
      expect((await store.readStream(id)).map((e) => e.version)).toEqual([1, 2, 3, 4, 5]);
      expect(await store.streamVersion(id)).toBe(5);
    });

    it('appends to several streams atomically: one stale stream writes nothing', async () => {
      const husband = stream();
      const wife = stream();
      await store.append({
        streams: [{ streamId: husband, expectedVersion: 'no_stream', events: [birth()] }],
      });
      await store.append({
        streams: [{ streamId: wife, expectedVersion: 'no_stream', events: [birth()] }],
      });
      const head = await store.headPosition();
      await expect(
        store.append({
          streams: [
            {
              streamId: husband,
              expectedVersion: 1,
              events: [{ type: 'MarriageNoted', data: {} }],
            },
            { streamId: wife, expectedVersion: 0, events: [{ type: 'MarriageNoted', data: {} }] },
          ],
        }),
      ).rejects.toMatchObject({ streamId: wife, expected: 0, actual: 1 });
      expect(await store.headPosition()).toBe(head);
      expect(await store.streamVersion(husband)).toBe(1);
      const ok = await store.append({
        streams: [
          { streamId: husband, expectedVersion: 1, events: [{ type: 'MarriageNoted', data: {} }] },
          { streamId: wife, expectedVersion: 1, events: [{ type: 'MarriageNoted', data: {} }] },
        ],
      });
      expect(ok.streams.map((s) => s.version)).toEqual([2, 2]);
      const [h, w] = await Promise.all([store.readStream(husband), store.readStream(wife)]);
      expect(h[1]!.commandId).toBe(w[1]!.commandId);
      expect(w[1]!.position).toBe(h[1]!.position + 1);
    });

    it('is idempotent: a stored command id returns the first result and writes nothing', async () => {
      const id = stream();
      const request = {
        commandId: `idem-${id}`,
        streams: [
          { streamId: id, expectedVersion: 'no_stream' as const, events: [birth(), birth(2)] },
        ],
      };
      const first = await store.append(request);
      const again = await store.append(request);
      expect(again).toEqual({ ...first, duplicate: true });
      // Concurrent retries of the same command, some joining the same batch.
      const retries = await Promise.all(Array.from({ length: 5 }, () => store.append(request)));
      retries.forEach((r) => expect(r.position).toBe(first.position));
      expect(await store.readStream(id)).toHaveLength(2);
      // A retry that names a new stream (an identifier drawn again) is still a repeat.
      const redrawn = await store.append({
        ...request,
        streams: [{ ...request.streams[0]!, streamId: `${id}-redrawn` }],
      });
      expect(redrawn).toEqual({ ...first, duplicate: true });
      expect(await store.streamVersion(`${id}-redrawn`)).toBe(0);
    });

    it('appends a command prepared elsewhere as it appends a request, repeat and conflict alike', async () => {
      const id = stream();
      const request = {
        commandId: `prepared-${id}`,
        streams: [{ streamId: id, expectedVersion: 'no_stream' as const, events: [birth()] }],
      };
      const first = await store.appendPrepared(prepareAppend(request));
      expect(first.duplicate).toBe(false);
      expect(await store.appendPrepared(prepareAppend(request))).toEqual({
        ...first,
        duplicate: true,
      });
      await expect(
        store.appendPrepared(prepareAppend({ ...request, commandId: `again-${id}` })),
      ).rejects.toBeInstanceOf(WrongExpectedVersionError);
      expect(await store.readStream(id)).toHaveLength(1);
    });

    it('rejects malformed appends before touching the database', async () => {
      await expect(store.append({ streams: [] })).rejects.toBeInstanceOf(InvalidAppendError);
      await expect(
        store.append({ streams: [{ streamId: 'x', expectedVersion: -1, events: [birth()] }] }),
      ).rejects.toBeInstanceOf(InvalidAppendError);
      await expect(
        store.append({ streams: [{ streamId: 'x', expectedVersion: 'any', events: [] }] }),
      ).rejects.toBeInstanceOf(InvalidAppendError);
    });

    it('reads a stream forwards, backwards, between versions and as of a transaction time', async () => {
      const id = stream();
      await store.append({
        streams: [{ streamId: id, expectedVersion: 'no_stream', events: [birth(1), birth(2)] }],
      });
      const second = await store.append({
        streams: [{ streamId: id, expectedVersion: 2, events: [birth(3)] }],
      });
      await new Promise((r) => setTimeout(r, 5));
      await store.append({
        streams: [{ streamId: id, expectedVersion: 3, events: [birth(4), birth(5)] }],
      });
      const n = (events: StoredEvent[]) => events.map((e) => (e.data as { n: number }).n);
      expect(n(await store.readStream(id))).toEqual([1, 2, 3, 4, 5]);
      expect(n(await store.readStream(id, { direction: 'backwards' }))).toEqual([5, 4, 3, 2, 1]);
      expect(n(await store.readStream(id, { fromVersion: 2, toVersion: 4 }))).toEqual([2, 3, 4]);
      expect(n(await store.readStream(id, { direction: 'backwards', maxCount: 2 }))).toEqual([
        5, 4,
      ]);
      expect(n(await store.readStream(id, { asOf: second.recordedAt }))).toEqual([1, 2, 3]);
      expect(await store.readStream(id, { asOf: '2000-01-01T00:00:00Z' })).toEqual([]);
    });

    it('reads the global log from a position in batches, each event once, in order', async () => {
      const start = await store.headPosition();
      const ids = Array.from({ length: 7 }, () => stream());
      await Promise.all(
        ids.map((id) =>
          store.append({
            streams: [{ streamId: id, expectedVersion: 'no_stream', events: [birth(), birth()] }],
          }),
        ),
      );
      const seen: StoredEvent[] = [];
      let from = start;
      for (;;) {
        const page = await store.readAll(from, 3);
        if (page.length === 0) break;
        seen.push(...page);
        from = page[page.length - 1]!.position;
      }
      expect(seen.map((e) => e.position)).toEqual(
        Array.from({ length: 14 }, (_, i) => start + i + 1),
      );
      expect(new Set(seen.map((e) => e.streamId))).toEqual(new Set(ids));
    });

    it('reads the log for a rebuild: up to a position, each stream’s last event marked', async () => {
      const start = await store.headPosition();
      const [a, b] = [stream(), stream()];
      const noted = { type: 'NameChanged', data: { n: 2 } };
      await store.append({
        streams: [{ streamId: a, expectedVersion: 'no_stream', events: [birth(1), noted] }],
      });
      const upTo = (
        await store.append({
          streams: [{ streamId: b, expectedVersion: 'no_stream', events: [birth(3)] }],
        })
      ).position;
      // After the rebuild's position: b's stream goes on, but not within the rebuild.
      await store.append({ streams: [{ streamId: b, expectedVersion: 1, events: [noted] }] });

      const read: { streamId: string; type: string; lastOfStream: boolean }[][] = [];
      for await (const page of store.readForRebuild(start, upTo, 2)) read.push(page);
      const lean: RebuildEvent[] = [];
      for await (const page of store.readLeanForRebuild(
        start,
        upTo,
        new Set(['BirthRegistered']),
        2,
      ))
        lean.push(...page);
      const marks = (
        events: readonly { streamId: string; type: string; lastOfStream: boolean }[],
      ) => events.map((e) => [e.streamId, e.type, e.lastOfStream]);
      const expected = [
        [a, 'BirthRegistered', false],
        [a, 'NameChanged', true],
        [b, 'BirthRegistered', true],
      ];
      expect(read.map((page) => page.length)).toEqual([2, 1]);
      expect(marks(read.flat())).toEqual(expected);
      expect(marks(lean)).toEqual(expected);
      expect(lean.map((e) => e.version)).toEqual([1, 2, 1]);
      expect(lean.map((e) => e.position)).toEqual([start + 1, start + 2, upTo]);
      // The lean read brings the data of the types asked for only.
      expect(lean[0]!.data).toEqual(birth(1).data);
      expect(() => lean[1]!.data).toThrow(/did not read the data of NameChanged/);
    });

    it('follows the log live with a catch-up subscription', async () => {
      const start = await store.headPosition();
      const before = stream();
      await store.append({
        streams: [{ streamId: before, expectedVersion: 'no_stream', events: [birth()] }],
      });
      const received: StoredEvent[] = [];
      let arrived: () => void = () => undefined;
      const all = new Promise<void>((r) => (arrived = r));
      const sub = store.subscribe({
        from: start,
        batchSize: 2,
        pollMs: 5000,
        handle: (events) => {
          received.push(...events);
          if (received.length >= 4) arrived();
        },
      });
      const live = stream();
      await new Promise((r) => setTimeout(r, 50));
      await store.append({
        streams: [
          { streamId: live, expectedVersion: 'no_stream', events: [birth(), birth(), birth()] },
        ],
      });
      await all;
      await sub.stop();
      expect(received.map((e) => e.position)).toEqual([start + 1, start + 2, start + 3, start + 4]);
      expect(received.map((e) => e.streamId)).toEqual([before, live, live, live]);
    });

    it('bulk-appends idempotently and reports conflicts without failing the import', async () => {
      const existing = stream('bulk');
      await store.append({
        streams: [{ streamId: existing, expectedVersion: 'no_stream', events: [birth()] }],
      });
      const ids = Array.from({ length: 25 }, () => stream('bulk'));
      const requests = () => [
        ...ids.map((id, i) => ({
          commandId: `import-${id}`,
          streams: [
            {
              streamId: id,
              expectedVersion: 'no_stream' as const,
              events: [birth(i), { type: 'NoteAdded', data: { i, s: 'a\tb\nc\\d\r' } }],
            },
          ],
        })),
        {
          commandId: `import-conflict-${existing}`,
          streams: [
            { streamId: existing, expectedVersion: 'no_stream' as const, events: [birth()] },
          ],
        },
      ];
      const first = await store.appendBulk(requests(), { chunkSize: 7 });
      expect(first).toMatchObject({
        commands: 26,
        appended: 25,
        duplicates: 0,
        conflicts: 1,
        events: 50,
      });
      expect(first.conflictDetails[0]!.error).toMatchObject({ streamId: existing, actual: 1 });
      const second = await store.appendBulk(requests(), { chunkSize: 10 });
      expect(second).toMatchObject({
        commands: 26,
        appended: 0,
        duplicates: 25,
        conflicts: 1,
        events: 0,
      });
      const events = await store.readStream(ids[3]!);
      expect(events.map((e) => e.data)).toEqual([birth(3).data, { i: 3, s: 'a\tb\nc\\d\r' }]);
      expect((await verifyLog(f.db)).ok).toBe(true);
    });

    it('refuses UPDATE, DELETE and TRUNCATE on events', async () => {
      const id = stream();
      await store.append({
        streams: [{ streamId: id, expectedVersion: 'no_stream', events: [birth()] }],
      });
      await expect(
        f.db.query(`update events set type = 'X' where stream_id = $1`, [id]),
      ).rejects.toThrow(/append-only/);
      await expect(f.db.query(`delete from events where stream_id = $1`, [id])).rejects.toThrow(
        /append-only/,
      );
      await expect(f.db.query(`truncate events`)).rejects.toThrow(/append-only/);
      await expect(f.db.query(`update event_log_head set position = 0`)).rejects.toThrow(/forward/);
      expect(await store.readStream(id)).toHaveLength(1);
    });

    it('verifies the chain and finds an altered, a removed and a reordered event', async () => {
      const ids = Array.from({ length: 6 }, () => stream('tamper'));
      for (const id of ids)
        await store.append({
          streams: [{ streamId: id, expectedVersion: 'no_stream', events: [birth(), birth(2)] }],
        });
      const clean = await verifyLog(f.db);
      expect(clean).toMatchObject({ ok: true, problems: [] });
      const head = clean.lastPosition;

      await f.tamper(`update events set data = '{"n": 99}' where position = ${head - 9}`);
      let report = await verifyLog(f.db);
      expect(report.ok).toBe(false);
      expect(report.problems[0]).toMatchObject({ position: head - 9, kind: 'altered' });

      await f.tamper(`delete from events where position = ${head - 6}`);
      report = await verifyLog(f.db);
      expect(report.problems.map((p) => [p.position, p.kind])).toEqual([
        [head - 9, 'altered'],
        [head - 6, 'removed'],
      ]);

      await f.tamper(
        `update events set position = case position when ${head - 3} then -1 else position end where position = ${head - 3};
         update events set position = ${head - 3} where position = ${head - 2};
         update events set position = ${head - 2} where position = -1;`,
      );
      report = await verifyLog(f.db);
      expect(report.problems.map((p) => [p.position, p.kind])).toEqual([
        [head - 9, 'altered'],
        [head - 6, 'removed'],
        [head - 3, 'reordered'],
        [head - 2, 'reordered'],
        [head - 1, 'reordered'],
      ]);
    });
  });
}
