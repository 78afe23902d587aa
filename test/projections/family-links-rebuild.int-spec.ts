/**
 * The family-links rebuild (rows kept in memory, each written once by COPY when final)
 * leaves the very rows the incremental `apply` leaves, on a generated register and, for
 * the acts the generator does not produce, on a history written by hand with each event on
 * the streams the application writes it to: recognition of paternity, kafala noted, ended
 * and noted again, annulments of a birth act and of a death act, rectifications, name
 * changes, an unidentified body identified as a married person, and a person whose last
 * event is one the projection does not read (their rows wait for the rebuild's end).
 */
import type { ActKey, PersonEvent } from '../../src/domain';
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
import { EventStore, type PostgresDatabase } from '../../src/eventstore';
import { generateRegister } from '../../src/generator/generate';
import { rebuildProjections } from '../../src/projection/rebuild';
import { ProjectionRunner } from '../../src/projection/runner';
import { familyLinks } from '../../projections/family-links/family-links.projection';
import { freshDatabase } from '../support/databases';
import { describeWithPostgres } from '../support/describe-with-postgres';

const noted = (date: string) => ({ by: meta().actor, on: actDate(date) });
const act = (number: number, year = 2020): ActKey => ({ office: 'RBT-01', year, number });
const judgment = (reference: string, date = '2020-01-01') => ({ ...JUDGMENT, reference, date });

const P = {
  husband: idcsOf(901),
  firstWife: idcsOf(902),
  secondWife: idcsOf(903),
  child: idcsOf(904),
  recognised: idcsOf(905),
  ward: idcsOf(906),
  annulled: idcsOf(907),
  unidentified: idcsOf(908),
  missing: idcsOf(909),
  widow: idcsOf(910),
  paper: idcsOf(911),
};

function childOf(idcs: string, father: string, mother: string, number: number): PersonEvent {
  const e = born(idcs, { date: '2000-01-02', number });
  return {
    ...e,
    data: {
      ...e.data,
      father: { ...e.data.father!, idcs: father },
      mother: { ...e.data.mother!, idcs: mother },
    },
  };
}

const rectified = (
  idcs: string,
  field: string,
  oldValue: string | null,
  newValue: string | null,
): PersonEvent =>
  ({
    type: 'RectificationNoted',
    data: {
      idcs,
      field,
      oldValue,
      newValue,
      kind: 'substantive',
      legalBasis: judgment(`J-${field}`),
      noted: noted('2021-01-01'),
    },
  }) as PersonEvent;

const divorce = (marriageId: string, husband: string, wife: string): PersonEvent => ({
  type: 'DivorceNoted',
  data: {
    marriageId,
    husband,
    wife,
    kind: 'talaq',
    date: actDate('2008-03-15'),
    legalBasis: judgment('J-DIV', '2008-03-15'),
    noted: noted('2008-03-20'),
  },
});

const death = (idcs: string, actKey: ActKey, identifiedFrom?: string): PersonEvent => ({
  type: 'DeathRegistered',
  data: {
    idcs,
    act: actKey,
    died: actDate('2019-03-03'),
    place: PLACE,
    declarant: { kind: 'authority', authority: 'Préfecture' },
    legalBasis: { kind: 'declaration' },
    delayDays: 1,
    registered: noted('2019-03-04'),
    ...(identifiedFrom && { identifiedFrom }),
  },
});

const dissolved = (idcs: string, deceased: string, marriageId: string, actKey: ActKey) =>
  ({
    type: 'MarriageDissolvedByDeath',
    data: { idcs, deceased, marriageId, on: '2019-03-03', deathAct: actKey },
  }) as PersonEvent;

/** Appends, in log order: each is one transaction over the streams it names. */
function history(): [string, PersonEvent][][] {
  const m1 = married(P.husband, P.firstWife, 'm-1', '2001-06-01');
  const m2 = married(P.husband, P.secondWife, 'm-2', '2010-09-09');
  const m3 = married(P.missing, P.widow, 'm-3', '2005-05-05');
  const husbandDeath = act(40, 2019);
  const missingDeath = act(41, 2021);
  const kafala = (kafil: Extract<PersonEvent, { type: 'KafalaNoted' }>['data']['kafil']) =>
    ({
      type: 'KafalaNoted',
      data: {
        idcs: P.ward,
        kafil,
        order: { court: 'TPI Rabat', reference: 'K-1', date: '2021-04-01' },
        noted: noted('2021-04-03'),
      },
    }) as PersonEvent;
  return [
    [[P.husband, born(P.husband, { date: '1975-01-01', number: 1 })]],
    [[P.firstWife, born(P.firstWife, { sex: 'F', date: '1978-02-02', number: 2 })]],
    [[P.paper, { type: 'LegacyActDigitised', data: paperAct() }]],
    [
      [P.husband, m1],
      [P.firstWife, m1],
    ],
    [[P.secondWife, born(P.secondWife, { sex: 'F', date: '1980-03-03', number: 3 })]],
    [[P.child, childOf(P.child, P.husband, P.firstWife, 4)]],
    [
      [P.husband, divorce('m-1', P.husband, P.firstWife)],
      [P.firstWife, divorce('m-1', P.husband, P.firstWife)],
    ],
    [[P.missing, born(P.missing, { date: '1970-07-07', number: 5 })]],
    [[P.widow, born(P.widow, { sex: 'F', date: '1972-08-08', number: 6 })]],
    [
      [P.missing, m3],
      [P.widow, m3],
    ],
    [[P.recognised, born(P.recognised, { date: '2005-02-03', father: false, number: 7 })]],
    [
      [
        P.recognised,
        {
          type: 'PaternityRecognised',
          data: {
            idcs: P.recognised,
            father: { idcs: P.husband, name: fullName('محمد', 'العلوي') },
            legalBasis: judgment('J-REC'),
            newFamilyName: { ar: 'العلوي', lat: 'El Alaoui' },
            noted: noted('2012-01-05'),
          },
        },
      ],
    ],
    [
      [P.husband, m2],
      [P.secondWife, m2],
    ],
    [[P.ward, born(P.ward, { date: '2020-01-05', father: false, number: 8 })]],
    [
      [
        P.ward,
        kafala({
          kind: 'couple',
          husband: { idcs: P.husband, name: fullName('محمد', 'العلوي') },
          wife: { idcs: P.secondWife, name: fullName('فاطمة', 'بناني') },
        }),
      ],
    ],
    [[P.recognised, rectified(P.recognised, 'father.givenName.ar', 'عبد الله', 'محمد')]],
    [[P.recognised, rectified(P.recognised, 'birthDate', '2005-02-03', '2005-02-04')]],
    [[P.child, rectified(P.child, 'mother.idcs', P.firstWife, P.secondWife)]],
    [[P.child, rectified(P.child, 'sex', 'M', 'F')]],
    [[P.annulled, born(P.annulled, { date: '1990-01-01', number: 9 })]],
    [
      [
        P.annulled,
        {
          type: 'KafalaNoted',
          data: {
            idcs: P.annulled,
            kafil: { kind: 'institution', name: 'Dar al-Atfal' },
            order: { court: 'TPI Rabat', reference: 'K-2', date: '1991-01-01' },
            noted: noted('1991-01-02'),
          },
        },
      ],
    ],
    [
      [
        P.annulled,
        {
          type: 'ActAnnulled',
          data: {
            idcs: P.annulled,
            act: 'birth',
            actKey: act(9, 1990),
            legalBasis: judgment('J-ANN-1'),
            noted: noted('2000-01-02'),
          },
        },
      ],
    ],
    [[P.annulled, rectified(P.annulled, 'givenName.ar', 'محمد', 'أحمد')]],
    [
      [P.husband, death(P.husband, husbandDeath)],
      [P.secondWife, dissolved(P.secondWife, P.husband, 'm-2', husbandDeath)],
    ],
    [
      [
        P.ward,
        {
          type: 'KafalaEnded',
          data: {
            idcs: P.ward,
            reason: 'kafil-deceased',
            date: '2019-04-01',
            legalBasis: judgment('K-END'),
            noted: noted('2019-04-02'),
          },
        },
      ],
    ],
    [[P.ward, kafala({ kind: 'institution', name: 'Fondation Lalla Hasna' })]],
    // A death act annulled: alive again; the marriage it dissolved stays ended.
    [
      [
        P.husband,
        {
          type: 'ActAnnulled',
          data: {
            idcs: P.husband,
            act: 'death',
            actKey: husbandDeath,
            legalBasis: judgment('J-ANN-2'),
            noted: noted('2019-09-10'),
          },
        },
      ],
    ],
    [
      [
        P.unidentified,
        {
          type: 'UnidentifiedDeathRegistered',
          data: {
            idcs: P.unidentified,
            act: missingDeath,
            died: actDate('2021-07-07'),
            place: PLACE,
            description: 'homme, environ 50 ans',
            legalBasis: {
              kind: 'police-report',
              authority: 'DGSN',
              reference: 'PV-3',
              date: '2021-07-07',
            },
            registered: noted('2021-07-08'),
          },
        },
      ],
    ],
    // Identified as a married person: their death act, and their widow's note.
    [
      [
        P.unidentified,
        {
          type: 'DeceasedIdentified',
          data: {
            idcs: P.unidentified,
            identifiedAs: { idcs: P.missing, name: fullName('علي', 'الإدريسي') },
            legalBasis: judgment('J-ID'),
            noted: noted('2021-12-13'),
          },
        },
      ],
      [P.missing, death(P.missing, missingDeath, P.unidentified)],
      [P.widow, dissolved(P.widow, P.missing, 'm-3', missingDeath)],
    ],
    [[P.missing, rectified(P.missing, 'deathDate', '2019-03-03', '2021-07-07')]],
    [
      [
        P.paper,
        {
          type: 'NameChanged',
          data: {
            idcs: P.paper,
            previous: fullName('عائشة', 'الفاسي'),
            name: fullName('عائشة', 'الفاسي', ['Aicha', 'El Fassi']),
            legalBasis: judgment('J-NAME'),
            noted: noted('2015-01-10'),
          },
        },
      ],
    ],
    // The ward's last event is one the projection does not read.
    [
      [
        P.ward,
        {
          type: 'MarriageFileExtractNoted',
          data: { idcs: P.ward, extractCode: 'EX-1', noted: noted('2023-05-05') },
        },
      ],
    ],
  ];
}

function paperAct(): Extract<PersonEvent, { type: 'LegacyActDigitised' }>['data'] {
  return {
    idcs: P.paper,
    original: { office: 'FES-03', year: 1948, actNumber: 7, volume: '2', folio: '31' },
    scanSha256: 'cd'.repeat(32),
    transcription: {
      name: { given: { ar: 'عائشة' }, family: { ar: 'الفاسي' } },
      sex: 'F',
      born: { date: '1947', placeAsWritten: 'Fès\tel-Bali\\' },
      father: { name: { given: { ar: 'عبد\tالله\\' }, family: { lat: 'El\nFassi\r' } } },
    },
    transcribedBy: meta().actor,
    transcribedAt: '1995-02-02T10:00:00+01:00',
  };
}

describeWithPostgres('family links: the rebuild equals the incremental apply', () => {
  let db: PostgresDatabase;
  let store: EventStore;
  let drop: () => Promise<void>;

  /** Every table, as sorted JSON rows. */
  const dump = async () => {
    const tables: Record<string, string[]> = {};
    for (const table of familyLinks.tables) {
      const rows = await db.query<{ r: string }>(
        `select row_to_json(t)::text as r from ${table} t`,
      );
      tables[table] = rows.map((x) => x.r).sort();
    }
    return tables;
  };

  beforeAll(async () => {
    ({ db, drop } = await freshDatabase(4));
    store = new EventStore(db);
    await generateRegister(store, { persons: 200, seed: 11, inline: true });
    for (const append of history())
      await store.append({
        streams: append.map(([idcs, event]) => ({
          streamId: `person-${idcs}`,
          expectedVersion: 'any' as const,
          events: [event],
        })),
      });
  }, 120_000);
  afterAll(async () => drop());

  it('table for table, row for row, whatever the size of the rebuild’s pages', async () => {
    const runner = new ProjectionRunner(db, store, familyLinks, { batchSize: 37 });
    await runner.start();
    await runner.waitFor(await store.headPosition(), 30_000);
    await runner.stop();
    const incremental = await dump();

    // The hand-written acts are there, as the incremental apply reads them.
    const one = async (sql: string, params: unknown[]) => (await db.query(sql, params))[0];
    expect(await one('select status from family_person where idcs = $1', [P.husband])).toEqual({
      status: 'alive',
    });
    expect(
      await one('select ended_by, ended_on from family_marriage where marriage_id = $1', ['m-3']),
    ).toEqual({ ended_by: 'death', ended_on: '2019-03-03' });
    expect(
      await db.query(
        'select guardian_role, ended_on from family_kafala where child = $1 order by noted_position, guardian_role',
        [P.ward],
      ),
    ).toEqual([
      { guardian_role: 'husband', ended_on: '2019-04-01' },
      { guardian_role: 'wife', ended_on: '2019-04-01' },
      { guardian_role: 'institution', ended_on: null },
    ]);
    expect(
      await one('select count(*)::int as n from family_kafala where child = $1', [P.annulled]),
    ).toEqual({ n: 0 });
    expect(
      await one('select parent, established_by from family_parent where child = $1 and role = $2', [
        P.recognised,
        'father',
      ]),
    ).toEqual({ parent: P.husband, established_by: 'recognition' });

    const rebuilders = jest.spyOn(familyLinks, 'rebuilder');
    try {
      for (const pageSize of [1, 7, 5000]) {
        await rebuildProjections(db, store, [familyLinks], { pageSize });
        const rebuilt = await dump();
        for (const table of familyLinks.tables)
          expect({ table, pageSize, rows: rebuilt[table] }).toEqual({
            table,
            pageSize,
            rows: incremental[table],
          });
      }
      // The rebuilds went through the rebuilder, not the page-by-page apply.
      expect(rebuilders).toHaveBeenCalledTimes(3);
    } finally {
      rebuilders.mockRestore();
    }
  }, 120_000);
});
