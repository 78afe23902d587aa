/**
 * The synthetic register, checked from what the store holds: every act legal, every register
 * book numbered without gaps, regional and late-registration shares as in the census, and a
 * second run with the same seed appending nothing.
 */
import {
  evolvePerson,
  initialPersonState,
  recordOf,
  type BirthRegistered,
  type LegacyActDigitised,
  type PersonEvent,
  type PersonState,
} from '../../src/domain';
import { EventStore, verifyLog, type StoredEvent } from '../../src/eventstore';
import { generateRegister, type GenerateResult } from '../../src/generator/generate';
import { REGIONS } from '../../src/generator/geography';
import { freshDatabase } from '../support/databases';
import { describeWithPostgres } from '../support/describe-with-postgres';

const PERSONS = 2000;
const SEED = 42;

describeWithPostgres('synthetic register generator', () => {
  let fresh: Awaited<ReturnType<typeof freshDatabase>>;
  let store: EventStore;
  let first: GenerateResult;
  const streams = new Map<string, StoredEvent[]>();

  beforeAll(async () => {
    fresh = await freshDatabase();
    store = new EventStore(fresh.db);
    first = await generateRegister(store, { persons: PERSONS, seed: SEED });
    for await (const page of store.readAllPages(0)) {
      for (const event of page) {
        const list = streams.get(event.streamId);
        if (list) list.push(event);
        else streams.set(event.streamId, [event]);
      }
    }
  }, 120_000);

  afterAll(async () => {
    await fresh?.drop();
  });

  const personStreams = () => [...streams].filter(([id]) => id.startsWith('person-'));

  it('creates one record per person, every one opened by a birth or a digitised paper act', () => {
    expect(first.rejected).toBe(0);
    expect(first.persons).toBe(PERSONS);
    const persons = personStreams();
    expect(persons).toHaveLength(PERSONS);
    for (const [, events] of persons) {
      expect(['BirthRegistered', 'LegacyActDigitised']).toContain(events[0]?.type);
    }
    expect(first.events).toBe([...streams.values()].reduce((n, s) => n + s.length, 0));
  });

  it('places births in the regions in the census proportions', () => {
    const counts = new Map<string, number>();
    for (const [, [opening]] of personStreams()) {
      const region =
        opening?.type === 'BirthRegistered'
          ? (opening.data as BirthRegistered['data']).child.place
          : (opening?.data as LegacyActDigitised['data']).transcription.born?.place;
      const code = region && 'region' in region ? region.region : 'unknown';
      counts.set(code, (counts.get(code) ?? 0) + 1);
    }
    const total = REGIONS.reduce((n, r) => n + r.population, 0);
    for (const region of REGIONS) {
      const share = (counts.get(region.code) ?? 0) / PERSONS;
      expect(Math.abs(share - region.population / total)).toBeLessThan(0.03);
    }
  });

  it('registers about 12 % of births late, on a declaratory judgment', () => {
    const births = personStreams()
      .map(([, events]) => events[0])
      .filter((e): e is StoredEvent => e?.type === 'BirthRegistered');
    const byJudgment = births.filter(
      (e) => (e.data as BirthRegistered['data']).legalBasis.kind === 'judgment',
    );
    expect(births.length).toBeGreaterThan(PERSONS / 4);
    const share = byJudgment.length / births.length;
    expect(share).toBeGreaterThan(0.08);
    expect(share).toBeLessThan(0.16);
  });

  it('numbers each register book 1..n without gaps, in the year it was drawn up', () => {
    const registers = [...streams].filter(([id]) => id.startsWith('register-'));
    expect(registers.length).toBeGreaterThan(100);
    for (const [id, events] of registers) {
      events.forEach((event, i) => {
        const data = event.data as { actNumber: number; year: number; allocatedAt: string };
        expect(event.version).toBe(i + 1);
        expect(data.actNumber).toBe(i + 1);
        expect(id.endsWith(`-${data.year}`)).toBe(true);
        expect(data.allocatedAt.slice(0, 4)).toBe(String(data.year));
      });
    }
  });

  it('rebuilds every person into a state the rules allow', () => {
    const states = new Map<string, PersonState>();
    let marriages = 0;
    let divorces = 0;
    let secondWives = 0;
    for (const [id, events] of personStreams()) {
      const state = events.reduce(
        (s, e) => evolvePerson(s, { type: e.type, data: e.data } as PersonEvent),
        initialPersonState(),
      );
      states.set(id.slice('person-'.length), state);
      expect(['alive', 'deceased']).toContain(state.status);
      for (const e of events) {
        if (e.type === 'MarriageNoted') marriages++;
        if (e.type === 'DivorceNoted') divorces++;
        if (e.type === 'MarriageNoted' && (e.data as { authorisations?: object }).authorisations) {
          secondWives++;
        }
      }
    }
    for (const [idcs, state] of states) {
      const record = recordOf(state);
      if (!record) continue;
      if (state.status === 'deceased') expect(record.spouses).toHaveLength(0);
      // A woman has at most one husband at a time, a man at most four wives.
      expect(record.spouses.length).toBeLessThanOrEqual(record.sex === 'F' ? 1 : 4);
      for (const spouse of record.spouses) {
        const other = recordOf(states.get(spouse.idcs) ?? initialPersonState());
        expect(other?.spouses.map((s) => s.idcs)).toContain(idcs);
        expect(other?.sex).not.toBe(record.sex);
      }
    }
    // Each marriage is noted on both records; roughly a third end in divorce.
    expect(marriages).toBeGreaterThan(PERSONS / 3);
    expect(divorces / marriages).toBeGreaterThan(0.15);
    expect(divorces / marriages).toBeLessThan(0.45);
    expect(secondWives).toBeLessThan(marriages / 20);
  });

  it('keeps the hash chain intact', async () => {
    expect((await verifyLog(fresh.db)).ok).toBe(true);
  });

  it('appends nothing when run again with the same seed', async () => {
    const again = await generateRegister(store, { persons: PERSONS, seed: SEED });
    expect(again.events).toBe(0);
    expect(again.duplicates).toBeGreaterThan(0);
    expect(await store.headPosition()).toBe(first.events);
  }, 120_000);
});
