/**
 * The person record on PostgreSQL: every row is the person's stream folded by the domain's
 * evolvePerson, whatever the pages the log was cut into, with several events of one person
 * and events of many persons in a page; and the record reads as the acts say.
 */
import fc from 'fast-check';
import {
  rebuildPerson,
  toHijri,
  type ActKey,
  type PersonEvent,
  type TranscribedFullName,
} from '../../src/domain';
import {
  actDate,
  born,
  fullName,
  idcsOf,
  JUDGMENT,
  married,
  meta,
  PLACE,
} from '../../src/domain/testing/fixtures';
import { EventStore, type PostgresDatabase, type StoredEvent } from '../../src/eventstore';
import { generateRegister } from '../../src/generator/generate';
import { ProjectionRunner } from '../../src/projection/runner';
import { foldStream, type FoldedPerson } from '../../projections/person-record/fold';
import {
  findPersonRecord,
  personRecord,
} from '../../projections/person-record/person-record.projection';
import { personRecordView, type PersonRecordView } from '../../projections/person-record/record';
import { freshDatabase } from '../support/databases';
import { describeWithPostgres } from '../support/describe-with-postgres';

const noted = (date: string) => ({ by: meta().actor, on: actDate(date) });
const act = (number: number, year = 2020): ActKey => ({ office: 'RBT-01', year, number });
const judgment = (reference: string, date: string) => ({ ...JUDGMENT, reference, date });
const name = (given: string, family: string): TranscribedFullName => fullName(given, family);

/** Persons written by hand, for the acts the generated register does not produce. */
const P = {
  preDeclared: idcsOf(901),
  recognised: idcsOf(902),
  husband: idcsOf(903),
  firstWife: idcsOf(904),
  secondWife: idcsOf(905),
  annulled: idcsOf(906),
  unidentified: idcsOf(907),
  paper: idcsOf(908),
};

function scenarios(): [string, PersonEvent[]][] {
  const childBirth = born(P.preDeclared, { date: '2020-01-05', number: 11 });
  const unknownFather = born(P.recognised, { date: '2010-02-03', father: false, number: 12 });
  const m1 = married(P.husband, P.firstWife, 'm-1', '2005-06-01');
  const m2 = married(P.husband, P.secondWife, 'm-2', '2012-09-09');
  const divorce: PersonEvent = {
    type: 'DivorceNoted',
    data: {
      marriageId: 'm-1',
      husband: P.husband,
      wife: P.firstWife,
      kind: 'mutual-consent',
      date: actDate('2010-03-15'),
      legalBasis: judgment('J-DIV-1', '2010-03-15'),
      noted: noted('2010-03-20'),
    },
  };
  const deathAct = act(40, 2019);
  return [
    [
      P.preDeclared,
      [
        {
          type: 'BirthPreDeclared',
          data: {
            idcs: P.preDeclared,
            facility: { code: 'CHU-RBT', name: 'CHU Ibn Sina' },
            child: { sex: 'M', born: actDate('2020-01-05', '04:20'), place: PLACE },
            preDeclaredAt: '2020-01-05T06:00:00+01:00',
            by: meta().actor,
          },
        },
        {
          ...childBirth,
          data: { ...childBirth.data, preDeclaration: { facility: 'CHU-RBT', on: '2020-01-05' } },
        },
        {
          type: 'KafalaNoted',
          data: {
            idcs: P.preDeclared,
            kafil: { kind: 'institution', name: 'Fondation Lalla Hasna' },
            order: { court: 'TPI Rabat', reference: 'K-9', date: '2021-04-01' },
            noted: noted('2021-04-03'),
          },
        },
        {
          type: 'KafalaEnded',
          data: {
            idcs: P.preDeclared,
            reason: 'revoked',
            date: '2022-01-10',
            legalBasis: judgment('K-10', '2022-01-10'),
            noted: noted('2022-01-12'),
          },
        },
        {
          type: 'MarriageFileExtractNoted',
          data: { idcs: P.preDeclared, extractCode: 'EX-1', noted: noted('2023-05-05') },
        },
      ],
    ],
    [
      P.recognised,
      [
        unknownFather,
        {
          type: 'PaternityRecognised',
          data: {
            idcs: P.recognised,
            father: { idcs: P.husband, name: fullName('محمد', 'العلوي') },
            legalBasis: judgment('J-REC-1', '2012-01-01'),
            newFamilyName: { ar: 'العلوي', lat: 'El Alaoui' },
            noted: noted('2012-01-05'),
          },
        },
        {
          type: 'NameChanged',
          data: {
            idcs: P.recognised,
            previous: {
              ...unknownFather.data.child.name,
              family: { ar: 'العلوي', lat: 'El Alaoui' },
            },
            name: name('يوسف', 'العلوي'),
            legalBasis: {
              kind: 'authorisation',
              authority: 'Haut-commissariat',
              reference: 'HC-7',
              date: '2015-01-01',
            },
            noted: noted('2015-01-10'),
          },
        },
        {
          type: 'RectificationNoted',
          data: {
            idcs: P.recognised,
            field: 'birthDate',
            oldValue: '2010-02-03',
            newValue: '2010-02-04',
            kind: 'substantive',
            legalBasis: judgment('J-RECT-1', '2016-06-06'),
            noted: noted('2016-06-10'),
          },
        },
      ],
    ],
    [
      P.husband,
      [
        born(P.husband, { date: '1980-01-01', number: 13 }),
        m1,
        divorce,
        m2,
        {
          type: 'DeathRegistered',
          data: {
            idcs: P.husband,
            act: deathAct,
            died: actDate('2019-03-03', '11:00'),
            place: PLACE,
            declarant: { kind: 'authority', authority: 'Préfecture' },
            legalBasis: { kind: 'declaration' },
            delayDays: 1,
            registered: noted('2019-03-04'),
          },
        },
        {
          type: 'ActAnnulled',
          data: {
            idcs: P.husband,
            act: 'death',
            actKey: deathAct,
            legalBasis: judgment('J-ANN-1', '2019-09-09'),
            noted: noted('2019-09-10'),
          },
        },
      ],
    ],
    [P.firstWife, [born(P.firstWife, { sex: 'F', date: '1982-02-02', number: 14 }), m1, divorce]],
    [
      P.secondWife,
      [
        born(P.secondWife, { sex: 'F', date: '1985-05-05', number: 15 }),
        m2,
        {
          type: 'MarriageDissolvedByDeath',
          data: {
            idcs: P.secondWife,
            deceased: P.husband,
            marriageId: 'm-2',
            on: '2019-03-03',
            deathAct,
          },
        },
      ],
    ],
    [
      P.annulled,
      [
        born(P.annulled, { date: '1990-01-01', number: 16 }),
        {
          type: 'ActAnnulled',
          data: {
            idcs: P.annulled,
            act: 'birth',
            actKey: act(16, 1990),
            legalBasis: judgment('J-ANN-2', '2000-01-01'),
            noted: noted('2000-01-02'),
          },
        },
      ],
    ],
    [
      P.unidentified,
      [
        {
          type: 'UnidentifiedDeathRegistered',
          data: {
            idcs: P.unidentified,
            act: act(41, 2021),
            died: actDate('2021-07-07'),
            place: PLACE,
            description: 'homme, environ 40 ans',
            legalBasis: {
              kind: 'police-report',
              authority: 'DGSN',
              reference: 'PV-3',
              date: '2021-07-07',
            },
            registered: noted('2021-07-08'),
          },
        },
        {
          type: 'DeceasedIdentified',
          data: {
            idcs: P.unidentified,
            identifiedAs: { name: fullName('علي', 'الإدريسي') },
            legalBasis: judgment('J-ID-1', '2021-12-12'),
            noted: noted('2021-12-13'),
          },
        },
      ],
    ],
    [
      P.paper,
      [
        {
          type: 'LegacyActDigitised',
          data: {
            idcs: P.paper,
            original: { office: 'FES-03', year: 1948, actNumber: 7, volume: '2', folio: '31' },
            scanSha256: 'cd'.repeat(32),
            transcription: {
              name: { given: { lat: 'Aicha' }, family: { ar: 'الفاسي' } },
              sex: 'F',
              born: { date: '1947', hijri: { year: 1366 }, placeAsWritten: 'Fès el-Bali' },
              father: null,
              marginalNotesAsWritten: ['Mariée le 3 mai 1965 à Fès', 'Divorcée en 1970'],
            },
            transcribedBy: meta().actor,
            transcribedAt: '1995-02-02T10:00:00+01:00',
          },
        },
      ],
    ],
  ];
}

describeWithPostgres('the person record projection', () => {
  let db: PostgresDatabase;
  let store: EventStore;
  let drop: () => Promise<void>;
  let log: StoredEvent[];
  const streams = new Map<string, StoredEvent[]>();
  let schemas = 0;

  beforeAll(async () => {
    ({ db, drop } = await freshDatabase(4));
    store = new EventStore(db);
    await generateRegister(store, { persons: 250, seed: 5, inline: true });
    for (const [idcs, events] of scenarios())
      for (const event of events)
        await store.append({
          streams: [{ streamId: `person-${idcs}`, expectedVersion: 'any', events: [event] }],
        });
    log = [];
    for await (const page of store.readAllPages(0)) log.push(...page);
    for (const e of log)
      if (e.streamId.startsWith('person-'))
        streams.set(e.streamId.slice(7), [...(streams.get(e.streamId.slice(7)) ?? []), e]);
    // The application's way: a runner follows the log into the table the queries read.
    const runner = new ProjectionRunner(db, store, personRecord, { batchSize: 300 });
    await runner.start();
    await runner.waitFor(log[log.length - 1]!.position, 20_000);
    await runner.stop();
  }, 120_000);
  afterAll(async () => drop());

  const TABLES = personRecord.tables;
  const contents = async (schema: string) =>
    Promise.all([
      db.query(
        `select idcs, status, state, version, position from ${schema}.person_record order by idcs`,
      ),
      db.query(`select * from ${schema}.person_record_entry order by idcs, version`),
    ]);

  /** Applies `pages` into fresh copies of the tables; returns their rows. */
  async function projectInto(pages: readonly StoredEvent[][]) {
    const schema = `pr_${schemas++}`;
    await db.exec(
      `create schema ${schema}; ${TABLES.map((t) => `create table ${schema}.${t} (like public.${t} including all)`).join('; ')}`,
    );
    for (const page of pages) {
      const relevant = page.filter((e) => personRecord.eventTypes.has(e.type));
      await db.transaction(async (tx) => {
        await tx.exec(`set local search_path = ${schema}, public`);
        if (relevant.length > 0) await personRecord.apply(tx, relevant);
      });
    }
    return contents(schema);
  }

  const cut = (events: StoredEvent[], size: number) =>
    Array.from({ length: Math.ceil(events.length / size) }, (_, i) =>
      events.slice(i * size, (i + 1) * size),
    );

  const viewOf = async (idcs: string): Promise<PersonRecordView> => {
    const stored = await findPersonRecord(db, idcs);
    const view = stored && personRecordView(stored);
    if (!view) throw new Error(`no record for ${idcs}`);
    return view;
  };

  it('folds every person with the domain’s evolve: each row is rebuildPerson(stream)', async () => {
    const rows = await db.query<FoldedPerson>(
      'select idcs, state, version, position from person_record',
    );
    expect(rows).toHaveLength(streams.size);
    for (const row of rows) {
      const events = streams.get(row.idcs)!;
      const last = events[events.length - 1]!;
      expect(row.state).toEqual(rebuildPerson(events.map((e) => e as unknown as PersonEvent)));
      expect([row.version, row.position]).toEqual([last.version, last.position]);
      const stored = await findPersonRecord(db, row.idcs);
      expect(stored!.entries).toEqual(foldStream(row.idcs, events).entries);
      expect(personRecordView(stored!)).toEqual(personRecordView(foldStream(row.idcs, events)));
    }
    expect(rows.filter((r) => r.state.status === 'deceased').length).toBeGreaterThan(0);
    const [notes] = await db.query<{ n: number }>(
      `select count(*)::int as n from person_record_entry where kind in ('marriage', 'divorce')`,
    );
    expect(notes!.n).toBeGreaterThan(50);
  });

  it('gives the same rows whatever the page size, with many persons and several events of one person in a page', async () => {
    const whole = await projectInto([log]);
    // The whole log in one page holds several events of one person and many persons.
    expect(whole[0].some((r) => (r as FoldedPerson).version >= 3)).toBe(true);
    expect(whole[0].length).toBeGreaterThan(250);
    for (const size of [1, 2, 7, 100]) expect(await projectInto(cut(log, size))).toEqual(whole);
  }, 60_000);

  it('gives the same rows wherever the pages are split', async () => {
    const whole = await projectInto([log]);
    await fc.assert(
      fc.asyncProperty(
        fc.uniqueArray(fc.integer({ min: 1, max: log.length - 1 }), { maxLength: 12 }),
        async (splits) => {
          const bounds = [0, ...splits.sort((a, b) => a - b), log.length];
          const pages = bounds.slice(1).map((end, i) => log.slice(bounds[i], end));
          expect(await projectInto(pages)).toEqual(whole);
        },
      ),
      { numRuns: 8 },
    );
  }, 60_000);

  it('applies a page in position order even when handed over in another, and never twice', async () => {
    const whole = await projectInto([log]);
    const schema = `pr_${schemas}`;
    expect(await projectInto([[...log].reverse()])).toEqual(whole);
    // A page already applied changes nothing.
    await db.transaction(async (tx) => {
      await tx.exec(`set local search_path = ${schema}, public`);
      await personRecord.apply(
        tx,
        log.filter((e) => personRecord.eventTypes.has(e.type)),
      );
    });
    expect(await contents(schema)).toEqual(whole);
  }, 30_000);

  it('reads a pre-declared birth, a kafala and its end, and an extract note in order', async () => {
    const view = await viewOf(P.preDeclared);
    expect(view.status).toBe('alive');
    expect(view.kafala).toBeNull();
    expect(view.birth).toMatchObject({
      date: '2020-01-05',
      hijri: { ...toHijri('2020-01-05'), source: 'computed' },
      act: { office: 'RBT-01', year: 2020, number: 11 },
      preDeclaration: { facility: 'CHU-RBT', on: '2020-01-05' },
      legalBasis: { kind: 'declaration' },
    });
    expect(view.marginalNotes).toEqual([
      expect.objectContaining({
        kind: 'kafala',
        version: 3,
        legalBasis: { kind: 'judgment', court: 'TPI Rabat', reference: 'K-9', date: '2021-04-01' },
        noted: { on: '2021-04-03', office: 'RBT-01' },
      }),
      expect.objectContaining({ kind: 'kafala-ended', reason: 'revoked', version: 4 }),
      expect.objectContaining({ kind: 'marriage-file-extract', extractCode: 'EX-1', version: 5 }),
    ]);
  });

  it('reads a recognition, a name change and a rectified birth date with its Hijri date', async () => {
    const view = await viewOf(P.recognised);
    expect(view.parents).toEqual({
      known: 'both-parents',
      father: { idcs: P.husband, name: fullName('محمد', 'العلوي') },
      mother: { name: fullName('خديجة', 'التازي') },
    });
    expect(view.name).toEqual(name('يوسف', 'العلوي'));
    expect(view.previousNames).toHaveLength(2);
    // The act's Hijri date was for the 3rd; the rectified date gets its own.
    expect(view.birth?.date).toBe('2010-02-04');
    expect(view.birth?.hijri).toEqual({ ...toHijri('2010-02-04'), source: 'computed' });
    expect(view.marginalNotes.map((n) => n.kind)).toEqual([
      'recognition',
      'name-change',
      'rectification',
    ]);
    expect(view.marginalNotes[2]).toMatchObject({
      field: 'birthDate',
      oldValue: '2010-02-03',
      newValue: '2010-02-04',
      legalBasis: { reference: 'J-RECT-1', court: 'TPI Rabat', date: '2016-06-06' },
    });
  });

  it('reads marriages, a divorce, a death annulled, and the widow', async () => {
    const husband = await viewOf(P.husband);
    expect(husband.status).toBe('alive');
    expect(husband.death).toBeNull();
    // The marriages the annulled death dissolved stay dissolved (the domain's rule).
    expect(husband.spouses).toEqual([]);
    expect(husband.formerSpouses).toEqual([
      expect.objectContaining({ idcs: P.firstWife, by: 'divorce', ended: '2010-03-15' }),
      expect.objectContaining({ idcs: P.secondWife, by: 'death', ended: '2019-03-03' }),
    ]);
    expect(husband.formerSpouses[0]!.name?.given.ar).toBe('فاطمة');
    expect(husband.marginalNotes.map((n) => n.kind)).toEqual([
      'marriage',
      'divorce',
      'marriage',
      'death',
      'annulment',
    ]);
    expect(husband.marginalNotes[3]).toMatchObject({ act: { year: 2019, number: 40 } });
    expect((await viewOf(P.firstWife)).maritalStatus).toBe('divorced');
    const widow = await viewOf(P.secondWife);
    expect(widow.maritalStatus).toBe('widowed');
    expect(widow.marginalNotes[1]).toMatchObject({
      kind: 'marriage-dissolved-by-death',
      deceased: P.husband,
      act: { year: 2019, number: 40 },
    });
  });

  it('keeps an annulled birth act’s record, an identified body, and a paper act as written', async () => {
    const annulled = await viewOf(P.annulled);
    expect(annulled.status).toBe('annulled');
    expect(annulled.name).toBeNull();
    expect(annulled.annulment).toMatchObject({
      act: 'birth',
      judgment: { reference: 'J-ANN-2' },
      recordBefore: { idcs: P.annulled, birthDate: '1990-01-01' },
    });
    const body = await viewOf(P.unidentified);
    expect(body.status).toBe('unidentified-deceased');
    expect(body.identifiedAs).toEqual({ name: fullName('علي', 'الإدريسي') });
    expect(body.death).toMatchObject({
      date: '2021-07-07',
      act: { number: 41 },
      legalBasis: { kind: 'police-report', reference: 'PV-3' },
    });
    const paper = await viewOf(P.paper);
    expect(paper.birth).toMatchObject({
      date: '1947',
      hijri: { year: 1366, source: 'as-written' },
      placeAsWritten: 'Fès el-Bali',
      origin: 'legacy',
      act: { office: 'FES-03', year: 1948, number: 7, volume: '2', folio: '31' },
    });
    expect(paper.parents?.known).toBe('unknown-parents');
    expect(paper.marginalNotes.map((n) => (n.kind === 'as-written' ? n.text : n.kind))).toEqual([
      'Mariée le 3 mai 1965 à Fès',
      'Divorcée en 1970',
    ]);
  });
});
