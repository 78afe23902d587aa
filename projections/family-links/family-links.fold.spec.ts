import fc from 'fast-check';
import type { LegalBasis, PersonEvent } from '../../src/domain';
import {
  actDate,
  born,
  fullName,
  idcsOf,
  JUDGMENT,
  legacy,
  married,
  meta,
} from '../../src/domain/testing/fixtures';
import { foldPage, keysOf, type FamilyEvent, type PositionedEvent } from './family-links.fold';
import {
  changesBetween,
  emptyRows,
  kafalaKey,
  parentKey,
  type FamilyRows,
} from './family-links.rows';

const [GRANDFATHER, FATHER, MOTHER, CHILD, OTHER_WOMAN, WARD, SECOND_WIFE] = [
  1, 2, 3, 4, 5, 6, 7,
].map(idcsOf) as [string, string, string, string, string, string, string];
const noted = { by: meta().actor, on: actDate('2025-03-10') };

function child(idcs: string, parents: { father?: string; mother?: string }, date = '2020-01-02') {
  const e = born(idcs, { date });
  return {
    ...e,
    data: {
      ...e.data,
      father: { ...e.data.father!, ...(parents.father && { idcs: parents.father }) },
      mother: { ...e.data.mother!, ...(parents.mother && { idcs: parents.mother }) },
    },
  };
}

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

const positioned = (events: PersonEvent[], from = 1): PositionedEvent[] =>
  events.map((event, i) => ({ position: from + i, event: event as FamilyEvent }));

const fold = (events: PersonEvent[], rows: FamilyRows = emptyRows()) =>
  foldPage(rows, positioned(events));

describe('family links: folding a page', () => {
  it('links a child to the parents its birth act names by IDCS; an old act names them only', () => {
    const rows = fold([
      legacy(GRANDFATHER, { sex: 'M', date: '1931' }),
      child(CHILD, { father: FATHER }),
    ]);
    expect(rows.parents.get(parentKey(CHILD, 'father'))).toMatchObject({
      parent: FATHER,
      givenAr: 'أحمد',
      establishedBy: 'birth-act',
    });
    // The mother is named on the act but not linked to a record.
    expect(rows.parents.get(parentKey(CHILD, 'mother'))).toMatchObject({
      parent: null,
      givenAr: 'خديجة',
      familyAr: 'التازي',
    });
    expect(rows.persons.get(GRANDFATHER)).toEqual({
      idcs: GRANDFATHER,
      givenAr: null,
      givenLat: 'Aicha',
      familyAr: 'الفاسي',
      familyLat: null,
      sex: 'M',
      birthDate: '1931',
      deathDate: null,
      status: 'alive',
    });
    expect(rows.parents.has(parentKey(GRANDFATHER, 'father'))).toBe(false);
  });

  it('makes one marriage of the two copies noted on both spouses, and ends it once', () => {
    const m = married(FATHER, MOTHER);
    const rows = fold([m, m, divorced(FATHER, MOTHER), divorced(FATHER, MOTHER)]);
    expect([...rows.marriages.values()]).toEqual([
      {
        marriageId: `m-${FATHER}-${MOTHER}`,
        husband: FATHER,
        wife: MOTHER,
        marriedOn: '2015-06-01',
        contract: m.data.contract,
        endedOn: '2019-04-01',
        endedBy: 'divorce',
        divorceKind: 'khul',
        divorceBasis: JUDGMENT,
      },
    ]);
  });

  it('a death marks the person deceased and ends nothing else but the marriage it dissolves', () => {
    const before = fold([
      born(FATHER),
      born(MOTHER, { sex: 'F' }),
      child(CHILD, { father: FATHER }),
      married(FATHER, MOTHER),
    ]);
    const after = fold(
      [
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
        {
          type: 'MarriageDissolvedByDeath',
          data: {
            idcs: MOTHER,
            deceased: FATHER,
            marriageId: `m-${FATHER}-${MOTHER}`,
            on: '2025-01-05',
            deathAct: { office: 'RBT-01', year: 2025, number: 9 },
          },
        },
      ],
      before,
    );
    expect(after.persons.get(FATHER)).toMatchObject({
      status: 'deceased',
      deathDate: '2025-01-05',
    });
    expect(after.parents.get(parentKey(CHILD, 'father'))?.parent).toBe(FATHER);
    expect(after.marriages.get(`m-${FATHER}-${MOTHER}`)).toMatchObject({
      endedOn: '2025-01-05',
      endedBy: 'death',
    });
    expect(changesBetween(before, after)).toMatchObject({
      persons: [{ idcs: FATHER }],
      parents: [],
      parentsDeleted: [],
      marriages: [{ endedBy: 'death' }],
    });
  });

  it('a recognition gives a father (and maybe a family name) to a child of unknown father', () => {
    const act: LegalBasis = { ...JUDGMENT, reference: 'REC-1' };
    const rows = fold([
      born(CHILD, { father: false }),
      {
        type: 'PaternityRecognised',
        data: {
          idcs: CHILD,
          father: { idcs: FATHER, name: fullName('عمر', 'الإدريسي') },
          legalBasis: act,
          newFamilyName: { ar: 'الإدريسي', lat: 'Idrissi' },
          noted,
        },
      },
    ]);
    expect(rows.parents.get(parentKey(CHILD, 'father'))).toMatchObject({
      parent: FATHER,
      givenAr: 'عمر',
      establishedBy: 'recognition',
      legalBasis: act,
    });
    expect(rows.persons.get(CHILD)).toMatchObject({ familyAr: 'الإدريسي', familyLat: 'Idrissi' });
  });

  it('kafala makes guardians, never parents; its end closes every guardian row', () => {
    const kafala: PersonEvent = {
      type: 'KafalaNoted',
      data: {
        idcs: WARD,
        kafil: {
          kind: 'couple',
          husband: { idcs: FATHER, name: fullName('أحمد', 'العلوي') },
          wife: { name: fullName('سعاد', 'الفاسي') },
        },
        order: { court: 'TPI Rabat', reference: 'K-1', date: '2024-02-02' },
        noted,
      },
    };
    const rows = fold([born(WARD, { father: false }), kafala]);
    expect(rows.parents.get(parentKey(WARD, 'father'))).toBeUndefined();
    expect([...rows.kafala.values()].map((k) => [k.guardianRole, k.guardian])).toEqual([
      ['husband', FATHER],
      ['wife', null],
    ]);
    const ended = fold(
      [
        {
          type: 'KafalaEnded',
          data: { idcs: WARD, reason: 'revoked', date: '2025-01-01', legalBasis: JUDGMENT, noted },
        },
      ],
      rows,
    );
    expect([...ended.kafala.values()].map((k) => [k.endedOn, k.endReason])).toEqual([
      ['2025-01-01', 'revoked'],
      ['2025-01-01', 'revoked'],
    ]);
  });

  it('annulling a birth act removes the filiations and kafala written on it', () => {
    const before = fold([
      child(CHILD, { father: FATHER, mother: MOTHER }),
      {
        type: 'KafalaNoted',
        data: {
          idcs: CHILD,
          kafil: { kind: 'institution', name: 'Dar al-Atfal' },
          order: { court: 'TPI Rabat', reference: 'K-2', date: '2024-02-02' },
          noted,
        },
      },
    ]);
    const annulled = fold(
      [
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
      before,
    );
    expect(annulled.persons.get(CHILD)?.status).toBe('annulled');
    expect(annulled.parents.size).toBe(0);
    expect(annulled.kafala.size).toBe(0);
    const changes = changesBetween(before, annulled);
    expect(changes.parentsDeleted).toEqual([
      { child: CHILD, role: 'father' },
      { child: CHILD, role: 'mother' },
    ]);
    expect(changes.kafalaDeleted.map(kafalaKey)).toEqual([`${CHILD}/2/institution`]);
  });

  it('rectification by judgment changes the filiation, or the parent’s name on the act', () => {
    const rows = fold([
      child(CHILD, { mother: MOTHER }),
      {
        type: 'RectificationNoted',
        data: {
          idcs: CHILD,
          field: 'father.idcs',
          oldValue: null,
          newValue: FATHER,
          kind: 'substantive',
          legalBasis: JUDGMENT,
          noted,
        },
      },
      {
        type: 'RectificationNoted',
        data: {
          idcs: CHILD,
          field: 'mother.idcs',
          oldValue: MOTHER,
          newValue: SECOND_WIFE,
          kind: 'substantive',
          legalBasis: JUDGMENT,
          noted,
        },
      },
      {
        type: 'RectificationNoted',
        data: {
          idcs: CHILD,
          field: 'father.givenName.ar',
          oldValue: 'أحمد',
          newValue: 'حميد',
          kind: 'substantive',
          legalBasis: JUDGMENT,
          noted,
        },
      },
      {
        type: 'RectificationNoted',
        data: {
          idcs: CHILD,
          field: 'birthDate',
          oldValue: '2020-01-02',
          newValue: '2020-01-03',
          kind: 'substantive',
          legalBasis: JUDGMENT,
          noted,
        },
      },
    ]);
    expect(rows.parents.get(parentKey(CHILD, 'father'))).toMatchObject({
      parent: FATHER,
      givenAr: 'حميد',
      establishedBy: 'rectification',
      legalBasis: JUDGMENT,
    });
    expect(rows.parents.get(parentKey(CHILD, 'mother'))?.parent).toBe(SECOND_WIFE);
    expect(rows.persons.get(CHILD)?.birthDate).toBe('2020-01-03');
  });

  it('gives the same rows however the log is cut into pages', () => {
    const log = positioned([
      legacy(GRANDFATHER, { sex: 'M', date: '1931' }),
      born(FATHER),
      born(MOTHER, { sex: 'F' }),
      born(OTHER_WOMAN, { sex: 'F' }),
      married(FATHER, MOTHER),
      married(FATHER, MOTHER),
      child(CHILD, { father: FATHER, mother: MOTHER }),
      divorced(FATHER, MOTHER),
      divorced(FATHER, MOTHER),
      born(WARD, { father: false }),
      {
        type: 'PaternityRecognised',
        data: {
          idcs: WARD,
          father: { idcs: FATHER, name: fullName('أحمد', 'العلوي') },
          legalBasis: JUDGMENT,
          noted,
        },
      },
      {
        type: 'KafalaNoted',
        data: {
          idcs: WARD,
          kafil: {
            kind: 'woman',
            woman: { idcs: OTHER_WOMAN, name: fullName('نادية', 'السلاوي') },
          },
          order: { court: 'TPI', reference: 'K', date: '2024-01-01' },
          noted,
        },
      },
      {
        type: 'KafalaEnded',
        data: { idcs: WARD, reason: 'other', date: '2024-06-01', legalBasis: JUDGMENT, noted },
      },
      {
        type: 'KafalaNoted',
        data: {
          idcs: CHILD,
          kafil: { kind: 'institution', name: 'Dar al-Atfal' },
          order: { court: 'TPI', reference: 'K2', date: '2024-01-01' },
          noted,
        },
      },
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
    ]);
    const whole = foldPage(emptyRows(), log);
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1, max: log.length - 1 }), { maxLength: 8 }),
        (cuts) => {
          const bounds = [0, ...new Set(cuts.sort((a, b) => a - b)), log.length];
          const stored = emptyRows();
          for (let i = 0; i + 1 < bounds.length; i++) {
            const page = log.slice(bounds[i], bounds[i + 1]);
            const keys = keysOf(page);
            // What the projection loads: only the rows the page's keys name.
            const loaded = emptyRows();
            for (const [k, v] of stored.persons) if (keys.persons.has(k)) loaded.persons.set(k, v);
            for (const [k, v] of stored.parents)
              if (keys.children.has(v.child)) loaded.parents.set(k, v);
            for (const [k, v] of stored.marriages)
              if (keys.marriages.has(k)) loaded.marriages.set(k, v);
            for (const [k, v] of stored.kafala)
              if (keys.children.has(v.child)) loaded.kafala.set(k, v);
            const c = changesBetween(loaded, foldPage(loaded, page));
            for (const r of c.persons) stored.persons.set(r.idcs, r);
            for (const r of c.parentsDeleted) stored.parents.delete(parentKey(r.child, r.role));
            for (const r of c.parents) stored.parents.set(parentKey(r.child, r.role), r);
            for (const r of c.marriages) stored.marriages.set(r.marriageId, r);
            for (const r of c.kafalaDeleted) stored.kafala.delete(kafalaKey(r));
            for (const r of c.kafala) stored.kafala.set(kafalaKey(r), r);
          }
          const sorted = (rows: FamilyRows) =>
            Object.fromEntries(
              Object.entries(rows).map(([table, map]) => [
                table,
                [...(map as Map<string, unknown>)].sort(),
              ]),
            );
          expect(sorted(stored)).toEqual(sorted(whole));
        },
      ),
    );
    expect(whole.parents.get(parentKey(WARD, 'father'))?.establishedBy).toBe('recognition');
    expect(whole.parents.has(parentKey(CHILD, 'father'))).toBe(false);
    expect(whole.persons.get(MOTHER)?.givenAr).toBe('سلمى');
    expect([...whole.kafala.values()]).toEqual([
      expect.objectContaining({ child: WARD, guardian: OTHER_WOMAN, endedOn: '2024-06-01' }),
    ]);
  });
});
