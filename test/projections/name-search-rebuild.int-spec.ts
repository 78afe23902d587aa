/**
 * The name index's rebuild against its incremental `apply`, on a hand-made history of
 * every event the index reads, including those the register simulation never produces:
 * paternity recognised (with and without a new family name), unidentified deaths named by
 * judgment (linked to a record or not), annulments of birth and death acts (by judgment or
 * not), rectifications of every field, a person annulled and registered again, a stream
 * that ends with an event the index does not read. Both must leave the same rows, the
 * same name variants and the same duplicate candidates, whatever the page sizes.
 */
import type {
  ActAnnulled,
  BirthRegistered,
  DeathRegistered,
  DeceasedIdentified,
  FullName,
  LegacyActDigitised,
  NameChanged,
  PaternityRecognised,
  RectificationNoted,
  Sex,
} from '../../src/domain';
import type { NameEvent } from '../../projections/name-search/rows';
import {
  actDate,
  ADOUL_ACT,
  idcsOf,
  JUDGMENT,
  meta,
  OTHER_PLACE,
  PLACE,
} from '../../src/domain/testing/fixtures';
import { EventStore, type PostgresDatabase } from '../../src/eventstore';
import { rebuildProjections } from '../../src/projection/rebuild';
import type { Projection } from '../../src/projection/projection';
import { applyPage, readCheckpoint } from '../../src/projection/runner';
import { nameSearch } from '../../projections/name-search/name-search.projection';
import { NameSearchRebuilder } from '../../projections/name-search/name-search.rebuild';
import { BLOCK_LIMIT } from '../../projections/name-search/pairs';
import { freshDatabase } from '../support/databases';
import { describeWithPostgres } from '../support/describe-with-postgres';

const noted = { by: meta().actor, on: actDate('2025-03-01') };
const name = (given: [string, string?], family: [string, string?]): FullName => ({
  given: { ar: given[0], ...(given[1] !== undefined && { lat: given[1] }) },
  family: { ar: family[0], ...(family[1] !== undefined && { lat: family[1] }) },
});
const ALAOUI = ['العلوي', 'El Alaoui'] as [string, string];
const TAZI = ['التازي', 'Tazi'] as [string, string];

let serial = 0;
function birth(
  idcs: string,
  b: {
    given: [string, string?];
    family: [string, string?];
    date: string;
    sex?: Sex;
    office?: string;
    father?: FullName | null;
    mother?: FullName;
    siblings?: string[];
    place?: typeof PLACE;
  },
): BirthRegistered {
  const father = b.father === undefined ? name(['أحمد', 'Ahmed'], b.family) : b.father;
  const mother = b.mother ?? name(['خديجة', 'Khadija'], TAZI);
  return {
    type: 'BirthRegistered',
    data: {
      idcs,
      act: { office: b.office ?? 'RBT-01', year: Number(b.date.slice(0, 4)), number: ++serial },
      child: {
        name: name(b.given, b.family),
        sex: b.sex ?? 'M',
        born: actDate(b.date),
        place: b.place ?? PLACE,
        ...(b.siblings && { multipleBirth: { rank: 1, of: 2, siblings: b.siblings } }),
      },
      filiation: father ? 'both-parents' : 'unknown-father',
      father: father ? { name: father } : null,
      mother: { name: mother },
      declarant: { relation: 'mother', name: mother },
      legalBasis: { kind: 'declaration' },
      delayDays: 3,
      registered: { by: meta().actor, on: actDate(b.date) },
    },
  };
}

function paperAct(idcs: string, given: string, family: string, date?: string): LegacyActDigitised {
  return {
    type: 'LegacyActDigitised',
    data: {
      idcs,
      original: { office: 'FES-03', year: 1960, actNumber: ++serial, volume: '2', folio: '7' },
      scanSha256: 'ab'.repeat(32),
      transcription: {
        name: { given: { lat: given }, family: { lat: family } },
        sex: 'F',
        born: { ...(date && { date }), place: PLACE },
        father: { name: { given: { lat: 'Ahmed' }, family: { lat: family } } },
        mother: { name: { given: { lat: 'Aicha' }, family: { lat: 'Bennani' } } },
      },
      transcribedBy: meta().actor,
      transcribedAt: meta().now,
    },
  };
}

const rectify = (
  idcs: string,
  field: RectificationNoted['data']['field'],
  oldValue: string | null,
  newValue: string | null,
): RectificationNoted => ({
  type: 'RectificationNoted',
  data: { idcs, field, oldValue, newValue, kind: 'substantive', legalBasis: JUDGMENT, noted },
});

const died = (idcs: string): DeathRegistered => ({
  type: 'DeathRegistered',
  data: {
    idcs,
    act: { office: 'RBT-01', year: 2020, number: ++serial },
    died: actDate('2020-02-02'),
    place: PLACE,
    declarant: { kind: 'authority', authority: 'Hôpital' },
    legalBasis: { kind: 'declaration' },
    delayDays: 1,
    registered: noted,
  },
});

const annulled = (idcs: string, act: 'birth' | 'death', byJudgment = true): ActAnnulled => ({
  type: 'ActAnnulled',
  data: {
    idcs,
    act,
    actKey: { office: 'RBT-01', year: 2020, number: 1 },
    legalBasis: byJudgment ? JUDGMENT : ADOUL_ACT,
    noted,
  },
});

const identified = (idcs: string, as: FullName, linkedTo?: string): DeceasedIdentified => ({
  type: 'DeceasedIdentified',
  data: {
    idcs,
    identifiedAs: { ...(linkedTo && { idcs: linkedTo }), name: as },
    legalBasis: JUDGMENT,
    noted,
  },
});

const recognised = (idcs: string, father: FullName, newFamily?: FullName['family']) =>
  ({
    type: 'PaternityRecognised',
    data: {
      idcs,
      father: { name: father },
      legalBasis: JUDGMENT,
      ...(newFamily && { newFamilyName: newFamily }),
      noted,
    },
  }) satisfies PaternityRecognised;

const renamed = (idcs: string, previous: FullName, next: FullName): NameChanged => ({
  type: 'NameChanged',
  data: {
    idcs,
    previous,
    name: next,
    legalBasis: { kind: 'authorisation', authority: 'HC', reference: 'HC-1', date: '2025-03-01' },
    noted,
  },
});

/** Some persons, each with the story of its stream, interleaved below into one log. */
function histories(): { events: NameEvent[]; endsForeign: string[] }[] {
  const p = Array.from({ length: 40 }, (_, i) => idcsOf(9100 + i));
  const mohamed = { given: ['محمد', 'Mohamed'] as [string, string], family: ALAOUI };
  return [
    // The same child declared twice, at two offices; the second is annulled, then
    // registered again (a new act), which brings the pair back.
    { events: [birth(p[0]!, { ...mohamed, date: '2001-03-05' })], endsForeign: [] },
    {
      events: [
        birth(p[1]!, { ...mohamed, date: '2001-03-05', office: 'SLE-02' }),
        annulled(p[1]!, 'birth'),
        birth(p[1]!, { ...mohamed, date: '2001-03-05', office: 'CAS-09' }),
      ],
      endsForeign: [p[1]!],
    },
    // An old act in Latin only (a year), and the same woman registered late: Latin block.
    { events: [paperAct(p[2]!, 'Khadija', 'Tazi', '1962')], endsForeign: [] },
    {
      events: [
        birth(p[3]!, {
          given: ['خديجة', 'Khadija'],
          family: TAZI,
          sex: 'F',
          date: '1962-04-17',
          father: name(['أحمد', 'Ahmed'], TAZI),
          mother: name(['عائشة', 'Aicha'], ['بناني', 'Bennani']),
        }),
      ],
      endsForeign: [],
    },
    // A pair made by a name change, another unmade by rectifications of the first name.
    {
      events: [
        birth(p[4]!, {
          given: ['يوسف', 'Youssef'],
          family: ['بناني', 'Bennani'],
          date: '1990-01-01',
        }),
        renamed(
          p[4]!,
          name(['يوسف', 'Youssef'], ['بناني', 'Bennani']),
          name(['يوسف', 'Youssef'], ALAOUI),
        ),
      ],
      endsForeign: [],
    },
    {
      events: [birth(p[5]!, { given: ['يوسف', 'Youssef'], family: ALAOUI, date: '1990-01-01' })],
      endsForeign: [p[5]!],
    },
    {
      events: [birth(p[6]!, { given: ['سعيد', 'Said'], family: ALAOUI, date: '1985-07-07' })],
      endsForeign: [],
    },
    {
      events: [
        birth(p[7]!, { given: ['سعيد', 'Said'], family: ALAOUI, date: '1985-07-07' }),
        rectify(p[7]!, 'givenName.ar', 'سعيد', 'رشيد'),
        rectify(p[7]!, 'givenName.lat', 'Said', 'Rachid'),
        rectify(p[7]!, 'father.givenName.ar', 'أحمد', 'عمر'),
        rectify(p[7]!, 'mother.familyName.lat', 'Tazi', 'Fassi'),
        rectify(p[7]!, 'birthTime', null, '10:00'),
      ],
      endsForeign: [],
    },
    // Same family and day, first names keyed apart (in Arabic only): the day block. A later
    // rectification of the date to a year only, and one to nothing.
    {
      events: [birth(p[8]!, { given: ['عبد الرحمان'], family: ALAOUI, date: '2010-10-10' })],
      endsForeign: [],
    },
    {
      events: [
        birth(p[9]!, { given: ['عبد الرحمن'], family: ALAOUI, date: '2010-10-10' }),
        rectify(p[9]!, 'sex', 'M', 'F'),
        rectify(p[9]!, 'sex', 'F', 'M'),
      ],
      endsForeign: [],
    },
    {
      events: [
        birth(p[10]!, { given: ['عبد الرحمن'], family: ALAOUI, date: '2010-10-10' }),
        rectify(p[10]!, 'birthDate', '2010-10-10', '2010'),
      ],
      endsForeign: [],
    },
    {
      events: [
        birth(p[11]!, { given: ['عبد الرحمن'], family: ALAOUI, date: '2010-10-10' }),
        rectify(p[11]!, 'birthDate', '2010-10-10', null),
      ],
      endsForeign: [],
    },
    // Paternity recognised: with a new family name (joins the Alaoui block), and without.
    {
      events: [
        birth(p[12]!, {
          given: ['كريم', 'Karim'],
          family: ['الفاسي', 'Fassi'],
          date: '2015-05-05',
          father: null,
        }),
        recognised(p[12]!, name(['أحمد', 'Ahmed'], ALAOUI), { ar: ALAOUI[0], lat: ALAOUI[1] }),
      ],
      endsForeign: [],
    },
    {
      events: [birth(p[13]!, { given: ['كريم', 'Karim'], family: ALAOUI, date: '2015-05-05' })],
      endsForeign: [],
    },
    {
      events: [
        birth(p[14]!, {
          given: ['نادية', 'Nadia'],
          family: TAZI,
          date: '1999-09-09',
          father: null,
        }),
        recognised(p[14]!, name(['ادريس', 'Driss'], TAZI)),
      ],
      endsForeign: [],
    },
    // Deaths: noted, annulled by judgment, annulled by no judgment (nothing changes).
    {
      events: [
        birth(p[15]!, { given: ['حسن', 'Hassan'], family: TAZI, date: '1950-01-01' }),
        died(p[15]!),
      ],
      endsForeign: [p[15]!],
    },
    {
      events: [
        birth(p[16]!, { given: ['حسن', 'Hassan'], family: TAZI, date: '1950-01-01' }),
        died(p[16]!),
        annulled(p[16]!, 'death', false),
        annulled(p[16]!, 'death'),
      ],
      endsForeign: [],
    },
    // An unidentified body named by judgment (searchable; then given a date of birth by
    // rectification, so scored), one named and later linked to a record (gone), one whose
    // death act is annulled (gone), and a birth annulled not by judgment (stays).
    {
      events: [
        identified(p[17]!, name(['حسن', 'Hassan'], TAZI)),
        rectify(p[17]!, 'birthDate', null, '1950-01-01'),
        rectify(p[17]!, 'sex', null, 'M'),
      ],
      endsForeign: [],
    },
    {
      events: [
        identified(p[18]!, name(['علي', 'Ali'], TAZI)),
        identified(p[18]!, name(['علي', 'Ali'], TAZI), p[15]),
        died(p[18]!),
      ],
      endsForeign: [],
    },
    {
      events: [identified(p[19]!, name(['علي', 'Ali'], ALAOUI)), annulled(p[19]!, 'death')],
      endsForeign: [],
    },
    {
      events: [
        birth(p[20]!, { given: ['حسن', 'Hassan'], family: TAZI, date: '1950-01-01' }),
        annulled(p[20]!, 'birth', false),
        annulled(p[20]!, 'death'),
      ],
      endsForeign: [p[20]!],
    },
    // Twins declared as one multiple birth (never paired), and twins as two acts.
    {
      events: [
        birth(p[21]!, {
          given: ['سارة', 'Sara'],
          family: ALAOUI,
          sex: 'F',
          date: '2022-07-07',
          siblings: [p[22]!],
        }),
      ],
      endsForeign: [],
    },
    {
      events: [
        birth(p[22]!, {
          given: ['سارة', 'Sarah'],
          family: ALAOUI,
          sex: 'F',
          date: '2022-07-07',
          siblings: [p[21]!],
        }),
      ],
      endsForeign: [],
    },
    {
      events: [
        birth(p[23]!, { given: ['آدم', 'Adam'], family: TAZI, date: '2023-01-10' }),
        rectify(p[23]!, 'familyName.lat', 'Tazi', 'Ettazi'),
      ],
      endsForeign: [],
    },
    {
      events: [
        birth(p[24]!, {
          given: ['آدم', 'Adam'],
          family: TAZI,
          date: '2023-01-10',
          place: OTHER_PLACE,
        }),
      ],
      endsForeign: [],
    },
    // A birth on a stream that already has one (the index ignores the second act), and a
    // legacy act without a date (not scored).
    {
      events: [
        birth(p[25]!, { given: ['عمر', 'Omar'], family: TAZI, date: '1970-01-01' }),
        birth(p[25]!, { ...mohamed, date: '2001-03-05', office: 'TNG-01' }),
      ],
      endsForeign: [],
    },
    { events: [paperAct(p[26]!, 'Khadija', 'Tazi')], endsForeign: [] },
    // A tab, a backslash and line breaks in a name: COPY text must escape them.
    {
      events: [
        birth(p[27]!, {
          given: ['فا\tطمة\\', 'Fa\\tima'],
          family: ['بنا\nني\r', 'Ben\nnani'],
          date: '1991-01-01',
        }),
      ],
      endsForeign: [],
    },
  ];
}

/** One log: the streams' events interleaved (a seeded shuffle that keeps each stream's order). */
function interleave(stories: { events: NameEvent[] }[], seed: number): NameEvent[] {
  let state = seed | 1;
  const random = () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 2 ** 32;
  };
  const queues = stories.map((s) => [...s.events]);
  const log: NameEvent[] = [];
  for (;;) {
    const open = queues.filter((q) => q.length > 0);
    if (open.length === 0) return log;
    log.push(open[Math.floor(random() * open.length)]!.shift()!);
  }
}

describeWithPostgres('name search: a rebuild equals the incremental apply', () => {
  let db: PostgresDatabase;
  let store: EventStore;
  let drop: () => Promise<void>;

  beforeAll(async () => {
    ({ db, drop } = await freshDatabase(4));
    store = new EventStore(db);
  });
  afterAll(async () => {
    await drop();
  }, 30_000);

  async function dump(): Promise<Record<string, string[]>> {
    const tables: Record<string, string[]> = {};
    for (const table of nameSearch.tables)
      tables[table] = (
        await db.query<{ r: string }>(`select row_to_json(t)::text as r from ${table} t`)
      )
        .map((x) => x.r)
        .sort();
    return tables;
  }

  async function project(pageSizes: readonly number[]): Promise<void> {
    const head = await store.headPosition();
    for (let i = 0; ; i++) {
      const from = await readCheckpoint(db, nameSearch.name);
      if (from >= head) return;
      const page = await store.readAll(from, pageSizes[i % pageSizes.length]);
      await applyPage(db, [nameSearch], page, from);
    }
  }

  it('leaves the same tables, for every kind of event, whatever the pages', async () => {
    const stories = histories();
    for (const event of interleave(stories, 7))
      await store.append({
        streams: [
          {
            streamId: `person-${event.data.idcs}`,
            expectedVersion: 'any',
            events: [{ type: event.type, data: event.data }],
          },
        ],
      });
    // Streams that go on with events the index does not read (a marriage).
    for (const idcs of stories.flatMap((s) => s.endsForeign))
      await store.append({
        streams: [
          {
            streamId: `person-${idcs}`,
            expectedVersion: 'any',
            events: [{ type: 'MarriageNoted', data: { marriageId: `m-${idcs}` } }],
          },
        ],
      });
    await project([1, 4, 2, 9]);
    const incremental = await dump();

    let rebuilders = 0;
    const counted: Projection = {
      ...nameSearch,
      rebuilder: () => {
        rebuilders++;
        return nameSearch.rebuilder!();
      },
    };
    for (const pageSize of [3, 1000]) {
      await rebuildProjections(db, store, [counted], { pageSize });
      expect(await dump()).toEqual(incremental);
    }
    expect(rebuilders).toBe(2);
    // The same pairs when the families are too linked to be held as one group: one pass
    // by Arabic family key, one by Latin.
    const byScript = new NameSearchRebuilder({ block: BLOCK_LIMIT, group: 1 });
    await rebuildProjections(db, store, [{ ...nameSearch, rebuilder: () => byScript }]);
    expect(await dump()).toEqual(incremental);

    // The history means something: rows of every status, variants, and pairs made by a
    // re-registration, a Latin block, a name change, a day block, a recognition and a
    // rectified unidentified body; none left by the rectified, the annulled or the twins.
    const pairs = await db.query<{ a: string; b: string; matched: string[] }>(
      `select idcs_a as a, idcs_b as b, matched from duplicate_candidates order by 1, 2`,
    );
    const p = (n: number) => idcsOf(9100 + n);
    const has = (x: number, y: number) =>
      pairs.some((r) => [r.a, r.b].sort().join() === [p(x), p(y)].sort().join());
    for (const [x, y] of [
      [0, 1],
      [2, 3],
      [4, 5],
      [8, 9],
      [12, 13],
      [16, 17],
      [23, 24],
    ] as const)
      expect({ x, y, found: has(x, y) }).toEqual({ x, y, found: true });
    for (const [x, y] of [
      [6, 7],
      [21, 22],
      [15, 18],
      [0, 25],
    ] as const)
      expect({ x, y, found: has(x, y) }).toEqual({ x, y, found: false });
    const statuses = await db.query<{ status: string; n: number }>(
      `select status, count(*)::int as n from name_search group by status order by status`,
    );
    expect(statuses.map((s) => s.status)).toEqual(['alive', 'deceased', 'unidentified-deceased']);
    expect(incremental.name_variants!.length).toBeGreaterThan(10);
  });

  it('compares each person of a block with the first others by idcs, at most BLOCK_LIMIT', async () => {
    // Four Hassan Tazi born 1 January 1950 (the deceased, the one whose death was annulled,
    // the body named and given a birth date, the birth annulled by no judgment): six pairs;
    // with a limit of one, each is compared with the first only.
    const hassans = [15, 16, 17, 20].map((n) => idcsOf(9100 + n)).sort();
    const pairs = async () =>
      (
        await db.query<{ a: string; b: string }>(
          `select idcs_a as a, idcs_b as b from duplicate_candidates
            where idcs_a = any($1::text[]) and idcs_b = any($1::text[]) order by 1, 2`,
          [hassans],
        )
      ).map((p) => [p.a, p.b]);
    expect(await pairs()).toHaveLength(6);
    const limited = new NameSearchRebuilder({ block: 1, group: 500_000 });
    await rebuildProjections(db, store, [{ ...nameSearch, rebuilder: () => limited }]);
    expect(await pairs()).toEqual(hassans.slice(1).map((b) => [hassans[0], b]));
  });
});
