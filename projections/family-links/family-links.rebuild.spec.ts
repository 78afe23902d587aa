import fc from 'fast-check';
import type { PersonEvent } from '../../src/domain';
import {
  actDate,
  born,
  fullName,
  idcsOf,
  JUDGMENT,
  married,
  meta,
} from '../../src/domain/testing/fixtures';
import type { Transaction } from '../../src/eventstore/db';
import type { RebuildEvent } from '../../src/projection/projection';
import { kafalaLine, marriageLine, parentLine, personLine } from './family-links.copy';
import { foldPage, type FamilyEvent } from './family-links.fold';
import { FamilyLinksRebuilder } from './family-links.rebuild';
import { emptyRows } from './family-links.rows';

const [FATHER, MOTHER, CHILD, WARD, WOMAN, LATE] = [1, 2, 3, 4, 5, 6].map(idcsOf) as [
  string,
  string,
  string,
  string,
  string,
  string,
];
const noted = { by: meta().actor, on: actDate('2025-03-10') };
const MARRIAGE = `m-${FATHER}-${MOTHER}`;

const divorced = (husband: string, wife: string): PersonEvent => ({
  type: 'DivorceNoted',
  data: {
    marriageId: `m-${husband}-${wife}`,
    husband,
    wife,
    kind: 'khul',
    date: actDate('2019-04-01'),
    legalBasis: JUDGMENT,
    noted,
  },
});

/** A history as the handlers write it: [the stream's person, the event]. */
const HISTORY: [string, PersonEvent][] = [
  [FATHER, born(FATHER)],
  // A tab, a backslash and a newline in a name: COPY text must escape them.
  [MOTHER, born(MOTHER, { sex: 'F' })],
  [WOMAN, born(WOMAN, { sex: 'F', name: fullName('فا\tطمة\\', 'بنا\nني\r') })],
  [FATHER, married(FATHER, MOTHER)],
  [MOTHER, married(FATHER, MOTHER)],
  [CHILD, born(CHILD)],
  [FATHER, divorced(FATHER, MOTHER)],
  [MOTHER, divorced(FATHER, MOTHER)],
  [WARD, born(WARD, { father: false })],
  [
    WARD,
    {
      type: 'PaternityRecognised',
      data: {
        idcs: WARD,
        father: { idcs: FATHER, name: fullName('أحمد', 'العلوي') },
        legalBasis: JUDGMENT,
        noted,
      },
    },
  ],
  [
    WARD,
    {
      type: 'KafalaNoted',
      data: {
        idcs: WARD,
        kafil: { kind: 'woman', woman: { idcs: WOMAN, name: fullName('نادية', 'السلاوي') } },
        order: { court: 'TPI', reference: 'K', date: '2024-01-01' },
        noted,
      },
    },
  ],
  [
    CHILD,
    {
      type: 'KafalaNoted',
      data: {
        idcs: CHILD,
        kafil: { kind: 'institution', name: 'Dar al-Atfal' },
        order: { court: 'TPI', reference: 'K2', date: '2024-01-01' },
        noted,
      },
    },
  ],
  [
    WARD,
    {
      type: 'KafalaEnded',
      data: { idcs: WARD, reason: 'other', date: '2024-06-01', legalBasis: JUDGMENT, noted },
    },
  ],
  [
    CHILD,
    {
      type: 'ActAnnulled',
      data: {
        idcs: CHILD,
        act: 'birth',
        actKey: { office: 'RBT-01', year: 2020, number: 1 },
        legalBasis: JUDGMENT,
        noted,
      },
    },
  ],
  [FATHER, married(FATHER, WOMAN)],
  [WOMAN, married(FATHER, WOMAN)],
  [
    FATHER,
    {
      type: 'DeathRegistered',
      data: {
        idcs: FATHER,
        act: { office: 'RBT-01', year: 2025, number: 9 },
        died: actDate('2025-01-05'),
        place: { region: '04', province: '04.441', commune: '04.441.01.01' },
        declarant: { kind: 'authority', authority: 'x' },
        legalBasis: { kind: 'declaration' },
        delayDays: 2,
        registered: noted,
      },
    },
  ],
  [
    WOMAN,
    {
      type: 'MarriageDissolvedByDeath',
      data: {
        idcs: WOMAN,
        deceased: FATHER,
        marriageId: `m-${FATHER}-${WOMAN}`,
        on: '2025-01-05',
        deathAct: { office: 'RBT-01', year: 2025, number: 9 },
      },
    },
  ],
  [
    MOTHER,
    {
      type: 'NameChanged',
      data: {
        idcs: MOTHER,
        previous: fullName('a', 'b'),
        name: fullName('سلمى', 'بناني'),
        legalBasis: JUDGMENT,
        noted,
      },
    },
  ],
  [LATE, born(LATE)],
];

/** The log as a rebuild reads it up to its end: each event knows if its stream goes on. */
function rebuildLog(history: readonly [string, PersonEvent][]): RebuildEvent[] {
  const last = new Map<string, number>();
  history.forEach(([idcs], i) => last.set(idcs, i));
  return history.map(([idcs, event], i) => ({
    position: i + 1,
    streamId: `person-${idcs}`,
    version: 0,
    type: event.type,
    data: event.data,
    lastOfStream: last.get(idcs) === i,
  }));
}

/** A transaction that only keeps what is copied, by table. */
function copySink(): { tx: Transaction; copied: Record<string, string[]> } {
  const copied: Record<string, string[]> = {};
  const refuse = () => Promise.reject(new Error('the rebuild only copies'));
  const tx: Transaction = {
    openingRows: [],
    query: refuse,
    exec: refuse,
    copyIn(table, _columns, chunks) {
      for (const chunk of chunks)
        (copied[table] ??= []).push(...chunk.toString().split('\n').filter(Boolean));
      return Promise.resolve();
    },
  };
  return { tx, copied };
}

/** The rows folding the whole history at once gives, as COPY lines. */
function expectedLines(): Record<string, string[]> {
  const rows = foldPage(
    emptyRows(),
    HISTORY.map(([, event], i) => ({ position: i + 1, event: event as FamilyEvent })),
  );
  const lines = <Row>(map: Map<string, Row>, line: (row: Row) => string) =>
    [...map.values()].map((row) => line(row).slice(0, -1)).sort();
  return {
    family_person: lines(rows.persons, personLine),
    family_parent: lines(rows.parents, parentLine),
    family_marriage: lines(rows.marriages, marriageLine),
    family_kafala: lines(rows.kafala, kafalaLine),
  };
}

describe('family links: the rebuild', () => {
  it('writes every row the fold gives, once, however the log is cut into pages', async () => {
    const log = rebuildLog(HISTORY);
    const expected = expectedLines();
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.integer({ min: 1, max: log.length - 1 }), { maxLength: 8 }),
        async (cuts) => {
          const bounds = [0, ...new Set(cuts.sort((a, b) => a - b)), log.length];
          const { tx, copied } = copySink();
          const rebuilder = new FamilyLinksRebuilder();
          for (let i = 0; i + 1 < bounds.length; i++)
            await rebuilder.apply(tx, log.slice(bounds[i], bounds[i + 1]));
          // Every stream ended within the log: nothing is left open for finish.
          expect(rebuilder.openRows()).toBe(0);
          await rebuilder.finish(tx);
          for (const table of Object.keys(copied)) copied[table]!.sort();
          expect(copied).toEqual(expected);
        },
      ),
    );
    expect(expected.family_person!.join('\n')).toContain('فا\\tطمة\\\\\t\\N\tبنا\\nني\\r');
    // The annulled act's order went with it; the ward's order ended.
    expect(expected.family_kafala).toEqual([expect.stringContaining('\t2024-06-01\tother')]);
  });

  it('keeps a marriage open until both spouses’ streams have ended', async () => {
    // Born, born, born, the husband's copy of the marriage (his last event), the wife's.
    const log = rebuildLog(HISTORY.slice(0, 5));
    const { tx, copied } = copySink();
    const rebuilder = new FamilyLinksRebuilder();
    await rebuilder.apply(tx, log.slice(0, 4));
    // Open: the wife's person row and filiations, and the marriage.
    expect(rebuilder.openRows()).toBe(1 + 2 + 1);
    await rebuilder.apply(tx, log.slice(4));
    expect(rebuilder.openRows()).toBe(0);
    await rebuilder.finish(tx);
    expect(copied.family_marriage?.map((l) => l.split('\t')[0])).toEqual([MARRIAGE]);
    expect(copied.family_person).toHaveLength(3);
  });

  it('leaves open what a stream may still change, and finish writes it', async () => {
    // The log ends with the wife's copy not yet read: her stream is not over.
    const log = rebuildLog(HISTORY.slice(0, 4)).map((e) =>
      e.streamId === `person-${MOTHER}` ? { ...e, lastOfStream: false } : e,
    );
    const { tx, copied } = copySink();
    const rebuilder = new FamilyLinksRebuilder();
    await rebuilder.apply(tx, log);
    // The husband's and the woman's rows are final; the wife's and the marriage are not.
    expect(rebuilder.openRows()).toBe(1 + 2 + 1);
    await rebuilder.finish(tx);
    expect(copied.family_marriage?.map((l) => l.split('\t')[0])).toEqual([MARRIAGE]);
    expect(copied.family_person).toHaveLength(3);
    expect(rebuilder.openRows()).toBe(0);
  });

  it('closes a stream that ends on an event of another type, without reading its data', async () => {
    const [first] = rebuildLog(HISTORY.slice(0, 1));
    const ending: RebuildEvent = {
      position: 2,
      streamId: first!.streamId,
      version: 1,
      type: 'MarriageFileExtractNoted',
      get data(): unknown {
        throw new Error('read the data of an event the projection does not read');
      },
      lastOfStream: true,
    };
    const { tx, copied } = copySink();
    const rebuilder = new FamilyLinksRebuilder();
    await rebuilder.apply(tx, [{ ...first!, lastOfStream: false }]);
    expect(rebuilder.openRows()).toBeGreaterThan(0);
    await rebuilder.apply(tx, [ending]);
    expect(rebuilder.openRows()).toBe(0);
    await rebuilder.finish(tx);
    expect(copied.family_person).toHaveLength(1);
  });

  it('refuses an event about a person on another person’s stream', async () => {
    const log = rebuildLog([[MOTHER, born(FATHER)]]);
    await expect(new FamilyLinksRebuilder().apply(copySink().tx, log)).rejects.toThrow(
      /not on the stream of a person it is about/,
    );
  });
});
