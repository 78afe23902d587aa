/**
 * Name search and duplicate candidates on PostgreSQL: spelling variants found in both
 * scripts (and across them), filters and ranking, a child declared twice listed as a
 * duplicate while twins are not, notes that change names, annulment, and the same tables
 * whatever the page size.
 */
import type { BirthRegistered, LegacyActDigitised, Place, Sex } from '../../src/domain';
import type { NameEvent } from '../../projections/name-search/rows';
import { parseNameQuery, type SearchCriteria } from '../../src/domain/names';
import {
  actDate,
  idcsOf,
  JUDGMENT,
  meta,
  PLACE,
  OTHER_PLACE,
} from '../../src/domain/testing/fixtures';
import { EventStore, type PostgresDatabase } from '../../src/eventstore';
import { applyPage } from '../../src/projection/runner';
import { nameSearch } from '../../projections/name-search/name-search.projection';
import {
  duplicateCandidates,
  ExactReads,
  NearKeys,
  searchPersons,
} from '../../projections/name-search/name-search.queries';
import { freshDatabase } from '../support/databases';
import { counted } from '../support/counted';
import { describeWithPostgres } from '../support/describe-with-postgres';

type Written = [ar: string, lat?: string];
const written = ([ar, lat]: Written) => ({ ar, ...(lat !== undefined && { lat }) });

let counter = 0;
const nextIdcs = () => idcsOf(7000 + counter++);

interface BirthInput {
  given: Written;
  family: Written;
  sex?: Sex;
  date: string;
  father?: [Written, Written];
  mother?: [Written, Written];
  place?: Place;
  office?: string;
  siblings?: string[];
}

function birth(idcs: string, b: BirthInput): BirthRegistered {
  const father = b.father ?? [['أحمد', 'Ahmed'], b.family];
  const mother = b.mother ?? [
    ['خديجة', 'Khadija'],
    ['التازي', 'Tazi'],
  ];
  const parent = ([given, family]: [Written, Written]) => ({
    name: { given: written(given), family: written(family) },
  });
  return {
    type: 'BirthRegistered',
    data: {
      idcs,
      act: { office: b.office ?? 'RBT-01', year: Number(b.date.slice(0, 4)), number: counter },
      child: {
        name: { given: written(b.given), family: written(b.family) },
        sex: b.sex ?? 'M',
        born: actDate(b.date),
        place: b.place ?? PLACE,
        ...(b.siblings && { multipleBirth: { rank: 1, of: 2, siblings: b.siblings } }),
      },
      filiation: 'both-parents',
      father: parent(father),
      mother: parent(mother),
      declarant: { relation: 'father', name: parent(father).name },
      legalBasis: { kind: 'declaration' },
      delayDays: 3,
      registered: { by: meta().actor, on: actDate(b.date) },
    },
  };
}

function paperAct(
  idcs: string,
  t: {
    given: string;
    family: string;
    sex?: Sex;
    date?: string;
    father?: string[];
    mother?: string[];
  },
): LegacyActDigitised {
  const latin = (given?: string, family?: string) => ({
    name: { given: { lat: given ?? '' }, family: { lat: family ?? '' } },
  });
  return {
    type: 'LegacyActDigitised',
    data: {
      idcs,
      original: { office: 'FES-03', year: 1960, actNumber: counter, volume: '2', folio: '7' },
      scanSha256: 'ab'.repeat(32),
      transcription: {
        name: { given: { lat: t.given }, family: { lat: t.family } },
        ...(t.sex && { sex: t.sex }),
        born: { ...(t.date && { date: t.date }), place: PLACE },
        ...(t.father && { father: latin(t.father[0], t.father[1]) }),
        ...(t.mother && { mother: latin(t.mother[0], t.mother[1]) }),
      },
      transcribedBy: meta().actor,
      transcribedAt: meta().now,
    },
  };
}

const noted = { by: meta().actor, on: actDate('2025-03-01') };

describeWithPostgres('name search and duplicate candidates', () => {
  let db: PostgresDatabase;
  let store: EventStore;
  let drop: () => Promise<void>;

  const append = async (event: NameEvent) =>
    store.append({
      streams: [
        {
          streamId: `person-${event.data.idcs}`,
          expectedVersion: 'any',
          events: [{ type: event.type, data: event.data }],
        },
      ],
    });

  async function project(pageSize: number): Promise<void> {
    let from = (
      await db.query<{ position: number }>(
        `select coalesce(max(position), 0) as position from projection_checkpoints where name = $1`,
        [nameSearch.name],
      )
    )[0]!.position;
    for (;;) {
      const page = await store.readAll(from, pageSize);
      if (page.length === 0) return;
      from = await applyPage(db, [nameSearch], page, from, { checkpoints: false });
      await db.query(
        `insert into projection_checkpoints (name, position) values ($1, $2)
         on conflict (name) do update set position = excluded.position`,
        [nameSearch.name, from],
      );
    }
  }

  const search = async (name: string, other: Omit<SearchCriteria, 'name'> = {}, limit = 10) => {
    const q = parseNameQuery(name);
    if ('error' in q) throw new Error(q.error);
    return searchPersons(db, { ...other, name: q }, limit);
  };
  const nameQuery = (text: string) => {
    const q = parseNameQuery(text);
    if ('error' in q) throw new Error(q.error);
    return q;
  };

  const P = {
    mohamed: nextIdcs(),
    mhamed: nextIdcs(),
    bennani: nextIdcs(),
    lahcenPaper: nextIdcs(),
    lahcen: nextIdcs(),
    elHassan: nextIdcs(),
    youssef: nextIdcs(),
    youssefAgain: nextIdcs(),
    twin1: nextIdcs(),
    twin2: nextIdcs(),
    declared1: nextIdcs(),
    declared2: nextIdcs(),
    khadijaPaper: nextIdcs(),
    khadija: nextIdcs(),
    fatima: nextIdcs(),
  };
  const twinsParents = {
    father: [
      ['إدريس', 'Driss'],
      ['الإدريسي', 'El Idrissi'],
    ] as [Written, Written],
    mother: [
      ['مريم', 'Meryem'],
      ['بناني', 'Bennani'],
    ] as [Written, Written],
  };

  beforeAll(async () => {
    ({ db, drop } = await freshDatabase(4));
    store = new EventStore(db);
    const events: NameEvent[] = [
      birth(P.mohamed, {
        given: ['محمد', 'Mohamed'],
        family: ['العلوي', 'El Alaoui'],
        date: '1990-05-14',
      }),
      birth(P.mhamed, {
        given: ['امحمد', "M'hamed"],
        family: ['العلوي', 'Alaoui'],
        date: '1990-08-01',
        father: [
          ['عمر', 'Omar'],
          ['العلوي', 'Alaoui'],
        ],
        mother: [
          ['فاطمة', 'Fatima'],
          ['بناني', 'Bennani'],
        ],
      }),
      birth(P.bennani, {
        given: ['محمد', 'Mohammed'],
        family: ['بناني', 'Bennani'],
        date: '1975-02-02',
      }),
      paperAct(P.lahcenPaper, { given: 'Lahcen', family: 'El Alaoui', sex: 'M', date: '1950' }),
      birth(P.lahcen, {
        given: ['الحسن', 'Lahcen'],
        family: ['العلوي', 'Alaoui'],
        date: '1980-01-01',
      }),
      birth(P.elHassan, {
        given: ['الحسن', 'El Hassan'],
        family: ['الفاسي', 'Elfassi'],
        date: '1985-06-06',
      }),
      // The same child declared twice, at two offices, spelt two ways.
      birth(P.youssef, {
        given: ['يوسف', 'Youssef'],
        family: ['بن علي', 'Ben Ali'],
        date: '2024-03-05',
        office: 'RBT-01',
      }),
      birth(P.youssefAgain, {
        given: ['يُوسُف', 'Yousef'],
        family: ['بنعلي', 'Benali'],
        date: '2024-03-05',
        office: 'SLE-02',
      }),
      // Twins registered as two single births, and twins declared as one multiple birth.
      birth(P.twin1, {
        given: ['آدم', 'Adam'],
        family: ['الإدريسي', 'El Idrissi'],
        date: '2023-01-10',
        ...twinsParents,
      }),
      birth(P.twin2, {
        given: ['أيوب', 'Ayoub'],
        family: ['الإدريسي', 'Idrissi'],
        date: '2023-01-10',
        ...twinsParents,
      }),
      birth(P.declared1, {
        given: ['سارة', 'Sara'],
        family: ['الفاسي', 'El Fassi'],
        sex: 'F',
        date: '2022-07-07',
        siblings: [P.declared2],
      }),
      birth(P.declared2, {
        given: ['سارة', 'Sarah'],
        family: ['الفاسي', 'Fassi'],
        sex: 'F',
        date: '2022-07-07',
        siblings: [P.declared1],
      }),
      // An old act in Latin only, and the same woman registered late by judgment.
      paperAct(P.khadijaPaper, {
        given: 'Khadidja',
        family: 'Tazi',
        sex: 'F',
        date: '1962',
        father: ['Ahmed', 'Tazi'],
        mother: ['Aicha', 'Bennani'],
      }),
      birth(P.khadija, {
        given: ['خديجة', 'Khadija'],
        family: ['التازي', 'Ettazi'],
        sex: 'F',
        date: '1962-04-17',
        office: 'FES-03',
        father: [
          ['أحمد', 'Ahmed'],
          ['التازي', 'Tazi'],
        ],
        mother: [
          ['عائشة', 'Aicha'],
          ['بناني', 'Bennani'],
        ],
      }),
      birth(P.fatima, {
        given: ['فاطمة', 'Fatima'],
        family: ['العلوي', 'Alaoui'],
        sex: 'F',
        date: '1991-03-03',
        place: OTHER_PLACE,
      }),
    ];
    for (const e of events) await append(e);
    await project(3);
  });
  afterAll(async () => {
    await drop();
  }, 30_000);

  it.each(['Mohamed El Alaoui', 'Muhammad Alaoui', 'Elalaoui Mohammed', 'MOHAMMED EL-ALAOUI'])(
    'finds Mohamed El Alaoui as %s, first and fully',
    async (name) => {
      const [first] = await search(name);
      expect(first).toMatchObject({ idcs: P.mohamed, score: 1, matched: ['name'] });
      expect(first!.name).toEqual({
        given: { ar: 'محمد', lat: 'Mohamed' },
        family: { ar: 'العلوي', lat: 'El Alaoui' },
      });
    },
  );

  it.each(['مُحَمَّد العلوي', 'محمد علوي', 'العلوي محمد', 'محـمد  العلوي\u200f'])(
    'finds محمد العلوي as %s',
    async (name) => {
      const [first] = await search(name);
      expect(first).toMatchObject({ idcs: P.mohamed, score: 1 });
    },
  );

  it("ranks Mohamed before M'hamed, and finds M'hamed fuzzily", async () => {
    const results = await search('Mohamed Alaoui');
    const ids = results.map((r) => r.idcs);
    expect(ids[0]).toBe(P.mohamed);
    expect(ids).toContain(P.mhamed);
    const mhamed = results.find((r) => r.idcs === P.mhamed)!;
    expect(mhamed.score).toBeLessThan(1);
    expect(mhamed.score).toBeGreaterThan(0);
    expect(results.map((r) => r.score)).toEqual(
      [...results.map((r) => r.score)].sort((a, b) => b - a),
    );
    const exact = await search("M'hamed Alaoui");
    expect(exact[0]!.idcs).toBe(P.mhamed);
  });

  it('crosses scripts through the names written in both: Arabic finds Latin-only acts, Latin finds other spellings', async () => {
    const arabic = (await search('الحسن العلوي')).map((r) => r.idcs);
    expect(arabic).toEqual(expect.arrayContaining([P.lahcen, P.lahcenPaper]));
    // El Hassan Elfassi is written الحسن الفاسي: Lahcen finds him through الحسن.
    const latin = await search('Lahcen Fassi');
    expect(latin[0]).toMatchObject({
      idcs: P.elHassan,
      score: 0.9,
      name: { given: { lat: 'El Hassan' } },
    });
  });

  it('reads the worse spellings only when the reply is not yet full of better ones', async () => {
    // The general search: without it, Mohamed El Alaoui alone fills a reply of one.
    const general = { exactFirst: false };
    const full = counted(db);
    const one = await searchPersons(full.sql, { name: nameQuery('Mohamed Alaoui') }, 1, general);
    expect(one.map((r) => r.idcs)).toEqual([P.mohamed]);
    const wider = counted(db);
    const ten = await searchPersons(wider.sql, { name: nameQuery('Mohamed Alaoui') }, 10, general);
    expect(ten.map((r) => r.idcs)).toEqual(expect.arrayContaining([P.mohamed, P.mhamed]));
    // Near keys, the probes, the names as written; the wider reply probes a second round.
    expect(full.sent).toHaveLength(3);
    expect(wider.sent).toHaveLength(4);
    // Each round's candidates are ranked as one reading of every probe would rank them.
    expect(ten[0]).toMatchObject({ idcs: P.mohamed, score: 1 });
  });

  it('answers a name alone from its exact spelling, in one statement, when its bearers fill the reply', async () => {
    const alaoui = nameQuery('العلوي');
    const bearers = (
      await db.query<{ idcs: string }>(
        'select idcs from name_search where family_ar_key = $1 order by idcs',
        [alaoui.readings[0]!.family],
      )
    ).map((r) => r.idcs);
    expect(bearers).toEqual(expect.arrayContaining([P.mohamed, P.mhamed, P.lahcen, P.fatima]));
    const general = { exactFirst: false };
    // Every bearer, as the general search shows them.
    const shown = new Map(
      (await searchPersons(db, { name: alaoui }, bearers.length, general)).map((r) => [r.idcs, r]),
    );
    expect([...shown.keys()].sort()).toEqual(bearers);
    for (const limit of [1, 3, bearers.length]) {
      const exact = counted(db);
      const reply = await searchPersons(exact.sql, { name: alaoui }, limit);
      expect(exact.sent).toHaveLength(1);
      // Bearers alike score alike: which of them a reply of fewer holds is the index's order.
      const ids = reply.map((r) => r.idcs);
      expect(ids).toHaveLength(limit);
      expect(ids).toEqual([...new Set(ids)].sort());
      expect(reply).toEqual(ids.map((idcs) => shown.get(idcs)));
      expect(reply.every((r) => r.score === 1 && r.matched.join() === 'name')).toBe(true);
    }
    // One more than the bearers: near spellings and the other script may enter the reply.
    const wider = counted(db);
    const more = await searchPersons(wider.sql, { name: alaoui }, bearers.length + 1);
    expect(wider.sent.length).toBeGreaterThan(2);
    expect(more).toEqual(await searchPersons(db, { name: alaoui }, bearers.length + 1, general));
    expect(more.slice(0, -1).map((r) => r.idcs)).toEqual(bearers);
    expect(more.at(-1)!.score).toBeLessThan(1);
    // Another criterion ranks the bearers apart: the general search answers.
    const bySex = counted(db);
    const women = await searchPersons(bySex.sql, { name: alaoui, sex: 'F' }, 1);
    const generalBySex = counted(db);
    expect(women).toEqual(
      await searchPersons(generalBySex.sql, { name: alaoui, sex: 'F' }, 1, general),
    );
    expect(bySex.sent).toEqual(generalBySex.sent);
    expect(women.map((r) => r.idcs)).toEqual([P.fatima]);
  });

  it('reads the exact spellings of searches arriving together in one statement per kind of query', async () => {
    const asked = [
      { name: nameQuery('العلوي'), limit: 2 },
      { name: nameQuery('العلوي'), limit: 3 },
      { name: nameQuery('محمد العلوي'), limit: 1 },
      { name: nameQuery('Alaoui'), limit: 1 },
      // More than the bearers: this one goes on to the general search.
      { name: nameQuery('العلوي'), limit: 50 },
    ];
    const alone = [];
    for (const { name, limit } of asked) alone.push(await searchPersons(db, { name }, limit));
    expect(alone.map((reply) => reply.length)).toEqual([2, 3, 1, 1, expect.any(Number)]);
    expect(alone[4]!.some((r) => r.score < 1)).toBe(true);

    const together = counted(db);
    const exact = new ExactReads(together.sql);
    const replies = await Promise.all(
      asked.map(({ name, limit }) => searchPersons(together.sql, { name }, limit, { exact })),
    );
    expect(replies).toEqual(alone);
    // Arabic family names alone, Arabic with a first name, Latin family names alone.
    const exactStatements = together.sent.filter((text) => text.startsWith('select p.q'));
    expect(exactStatements).toHaveLength(3);
    expect(new Set(exactStatements).size).toBe(3);
  });

  it('remembers near keys for a while, and looks them up afresh for a reader waiting on a position', async () => {
    const near = new NearKeys(60_000);
    const first = counted(db);
    const before = await searchPersons(first.sql, { name: nameQuery('Lahcen Fassi') }, 5, {
      nearKeys: near,
    });
    const again = counted(db);
    const after = await searchPersons(again.sql, { name: nameQuery('Lahcen Fassi') }, 5, {
      nearKeys: near,
    });
    expect(after).toEqual(before);
    expect(again.sent).toHaveLength(first.sent.length - 1);
    expect(again.sent.some((t) => t.includes('name_variants'))).toBe(false);
    const fresh = counted(db);
    await searchPersons(fresh.sql, { name: nameQuery('Lahcen Fassi') }, 5, {
      nearKeys: near,
      fresh: true,
    });
    expect(fresh.sent.some((t) => t.includes('name_variants'))).toBe(true);
    const expired = counted(db);
    const stale = new NearKeys(0);
    await searchPersons(expired.sql, { name: nameQuery('Lahcen Fassi') }, 5, { nearKeys: stale });
    await searchPersons(expired.sql, { name: nameQuery('Lahcen Fassi') }, 5, { nearKeys: stale });
    expect(expired.sent.filter((t) => t.includes('name_variants'))).toHaveLength(2);
  });

  it('filters by year and sex, and ranks by place and parents', async () => {
    const in1950 = (await search('Lahcen Alaoui', { birthYear: 1950 })).map((r) => r.idcs);
    expect(in1950).toEqual([P.lahcenPaper]);
    const women = await search('Alaoui', { sex: 'F' });
    expect(women.map((r) => r.idcs)).toEqual([P.fatima]);
    const byPlace = await search('Alaoui', { place: OTHER_PLACE.commune });
    expect(byPlace[0]!.idcs).toBe(P.fatima);
    expect(byPlace[0]!.matched).toContain('birthPlace');
    const byMother = await search('Alaoui', { mother: nameQuery('فاطمة بناني') });
    expect(byMother[0]).toMatchObject({ idcs: P.mhamed, matched: ['name', 'motherName'] });
    const byFather = await search('Alaoui', { father: nameQuery('Omar') });
    expect(byFather[0]).toMatchObject({ idcs: P.mhamed, matched: ['name', 'fatherName'] });
    const byDate = await search('Mohamed Alaoui', { birthDate: '1990-05-14' });
    expect(byDate[0]).toMatchObject({ idcs: P.mohamed, matched: ['name', 'birthDate'] });
  });

  it('lists the child declared twice, and the late registration of an old act, as duplicates', async () => {
    const all = await duplicateCandidates(db, { minScore: 0, limit: 50 });
    const pair = (a: string, b: string) =>
      all.find(
        (c) =>
          c.persons
            .map((p) => p.idcs)
            .sort()
            .join() === [a, b].sort().join(),
      );
    expect(pair(P.youssef, P.youssefAgain)).toEqual({
      score: 1,
      matched: [
        'givenName',
        'familyName',
        'sex',
        'birthDate',
        'fatherName',
        'motherName',
        'birthPlace',
      ],
      persons: expect.arrayContaining([
        expect.objectContaining({ idcs: P.youssef, office: 'RBT-01', birthDate: '2024-03-05' }),
        expect.objectContaining({ idcs: P.youssefAgain, office: 'SLE-02' }),
      ]),
    });
    const late = pair(P.khadijaPaper, P.khadija)!;
    expect(late.score).toBeGreaterThanOrEqual(0.7);
    expect(late.matched).toEqual(
      expect.arrayContaining(['givenName', 'birthYear', 'fatherName', 'motherName']),
    );
    // Twins (two single acts, or one multiple birth) and namesakes are not duplicates.
    expect(pair(P.twin1, P.twin2)).toBeUndefined();
    expect(pair(P.declared1, P.declared2)).toBeUndefined();
    expect(pair(P.mohamed, P.mhamed)).toBeUndefined();
    expect(all).toHaveLength(2);
    // An office sees the pairs where either act is its own.
    const sale = await duplicateCandidates(db, { office: 'SLE-02', minScore: 0.7, limit: 10 });
    expect(sale.map((c) => c.score)).toEqual([1]);
    expect(await duplicateCandidates(db, { office: 'CAS-09', minScore: 0, limit: 10 })).toEqual([]);
  });

  it('ends with the same tables whatever the page size', async () => {
    const dump = async () => {
      const out: string[][] = [];
      for (const table of nameSearch.tables)
        out.push(
          (await db.query<{ r: string }>(`select row_to_json(t)::text as r from ${table} t`))
            .map((x) => x.r)
            .sort(),
        );
      return out;
    };
    const reset = () =>
      db.exec(
        `truncate ${nameSearch.tables.join(', ')}; delete from projection_checkpoints where name = '${nameSearch.name}'`,
      );
    const byPageSize: string[][][] = [];
    for (const size of [1, 4, 1000]) {
      await reset();
      await project(size);
      byPageSize.push(await dump());
    }
    const [rows, variants, pairs] = byPageSize[0]!;
    expect(rows!.length).toBe(Object.keys(P).length);
    expect(variants!.length).toBeGreaterThan(20);
    expect(pairs).toHaveLength(2);
    expect(byPageSize[1]).toEqual(byPageSize[0]);
    expect(byPageSize[2]).toEqual(byPageSize[0]);
  });
  it('follows name changes and rectifications, and forgets an annulled act', async () => {
    await append({
      type: 'NameChanged',
      data: {
        idcs: P.bennani,
        previous: {
          given: { ar: 'محمد', lat: 'Mohammed' },
          family: { ar: 'بناني', lat: 'Bennani' },
        },
        name: {
          given: { ar: 'محمد', lat: 'Mohammed' },
          family: { ar: 'الشرقاوي', lat: 'Cherkaoui' },
        },
        legalBasis: {
          kind: 'authorisation',
          authority: 'Haut-commissariat',
          reference: 'HC-1',
          date: '2025-03-01',
        },
        noted,
      },
    });
    await append({
      type: 'RectificationNoted',
      data: {
        idcs: P.youssefAgain,
        field: 'givenName.ar',
        oldValue: 'يُوسُف',
        newValue: 'يونس',
        kind: 'substantive',
        legalBasis: JUDGMENT,
        noted,
      },
    });
    await append({
      type: 'RectificationNoted',
      data: {
        idcs: P.youssefAgain,
        field: 'givenName.lat',
        oldValue: 'Yousef',
        newValue: 'Younes',
        kind: 'substantive',
        legalBasis: JUDGMENT,
        noted,
      },
    });
    await append({
      type: 'ActAnnulled',
      data: {
        idcs: P.khadijaPaper,
        act: 'birth',
        actKey: { office: 'FES-03', year: 1960, number: 1 },
        legalBasis: JUDGMENT,
        noted,
      },
    });
    await project(2);
    expect((await search('Mohammed Sharqawi'))[0]).toMatchObject({ idcs: P.bennani, score: 1 });
    expect((await search('محمد بناني')).map((r) => r.idcs)).not.toContain(P.bennani);
    expect((await search('يونس بن علي'))[0]).toMatchObject({
      idcs: P.youssefAgain,
      name: { given: { ar: 'يونس', lat: 'Younes' } },
    });
    expect((await search('Khadidja Tazi')).map((r) => r.idcs)).not.toContain(P.khadijaPaper);
    // No longer the same first name, and the old act is void: no pair is left.
    expect(await duplicateCandidates(db, { minScore: 0, limit: 50 })).toEqual([]);
  });
});
