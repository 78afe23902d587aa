/**
 * The family links of a page of events, computed in memory: the rows the page touches are
 * loaded once, every event is folded into them in log order, and only the rows that end up
 * different are written back. The result depends on the events alone, never on where the
 * pages were cut.
 */
import {
  assertNever,
  type FullName,
  type Kafil,
  type ParentDetails,
  type PersonEvent,
  type RectifiableField,
  type RectificationNoted,
  type TranscribedFullName,
  type TranscribedName,
} from '../../src/domain';
import type {
  FamilyKafalaRow,
  FamilyParentRow,
  FamilyPersonRow,
  ParentRole,
} from './family-links.entity';
import {
  kafalaKey,
  kafalaRow,
  marriageRow,
  parentKey,
  parentRow,
  personRow,
  type FamilyRows,
} from './family-links.rows';

export const FAMILY_EVENT_TYPES = [
  'BirthRegistered',
  'LegacyActDigitised',
  'DeathRegistered',
  'MarriageDissolvedByDeath',
  'MarriageNoted',
  'DivorceNoted',
  'PaternityRecognised',
  'KafalaNoted',
  'KafalaEnded',
  'NameChanged',
  'RectificationNoted',
  'ActAnnulled',
] as const;

export type FamilyEvent = Extract<PersonEvent, { type: (typeof FAMILY_EVENT_TYPES)[number] }>;

export interface PositionedEvent {
  position: number;
  event: FamilyEvent;
}

/** What a page needs loaded: persons by IDCS, filiations and kafala by child, marriages. */
export interface PageKeys {
  persons: Set<string>;
  children: Set<string>;
  marriages: Set<string>;
}

export function keysOf(events: readonly PositionedEvent[]): PageKeys {
  const keys: PageKeys = { persons: new Set(), children: new Set(), marriages: new Set() };
  for (const { event: e } of events) {
    switch (e.type) {
      case 'BirthRegistered':
      case 'LegacyActDigitised':
      case 'PaternityRecognised':
      case 'RectificationNoted':
      case 'ActAnnulled':
        keys.persons.add(e.data.idcs);
        keys.children.add(e.data.idcs);
        break;
      case 'DeathRegistered':
      case 'NameChanged':
        keys.persons.add(e.data.idcs);
        break;
      case 'KafalaNoted':
      case 'KafalaEnded':
        keys.children.add(e.data.idcs);
        break;
      case 'MarriageNoted':
      case 'DivorceNoted':
      case 'MarriageDissolvedByDeath':
        keys.marriages.add(e.data.marriageId);
        break;
      default:
        assertNever(e);
    }
  }
  return keys;
}

interface Names {
  givenAr: string | null;
  givenLat: string | null;
  familyAr: string | null;
  familyLat: string | null;
}

function namesOf(name: FullName | TranscribedFullName | undefined): Names {
  return {
    givenAr: name?.given.ar ?? null,
    givenLat: name?.given.lat ?? null,
    familyAr: name?.family.ar ?? null,
    familyLat: name?.family.lat ?? null,
  };
}

function setParent(
  rows: FamilyRows,
  child: string,
  role: ParentRole,
  parent: ParentDetails | { idcs?: string; name: TranscribedFullName } | null | undefined,
  establishedBy: FamilyParentRow['establishedBy'],
  legalBasis: FamilyParentRow['legalBasis'] = null,
): void {
  const key = parentKey(child, role);
  if (!parent) {
    rows.parents.delete(key);
    return;
  }
  rows.parents.set(
    key,
    parentRow({
      child,
      role,
      parent: parent.idcs ?? null,
      ...namesOf(parent.name),
      establishedBy,
      legalBasis,
    }),
  );
}

function guardiansOf(
  kafil: Kafil,
): Pick<FamilyKafalaRow, 'guardianRole' | 'guardian' | 'guardianName' | 'institution'>[] {
  const person = (
    role: 'husband' | 'wife' | 'woman',
    link: { idcs?: string; name: TranscribedFullName },
  ) => ({
    guardianRole: role,
    guardian: link.idcs ?? null,
    guardianName: link.name,
    institution: null,
  });
  switch (kafil.kind) {
    case 'couple':
      return [person('husband', kafil.husband), person('wife', kafil.wife)];
    case 'woman':
      return [person('woman', kafil.woman)];
    case 'institution':
      return [
        {
          guardianRole: 'institution',
          guardian: null,
          guardianName: null,
          institution: kafil.name,
        },
      ];
    default:
      return assertNever(kafil);
  }
}

function rowsOfChild<Row extends { child: string }>(
  map: Map<string, Row>,
  child: string,
): [string, Row][] {
  return [...map].filter(([, row]) => row.child === child);
}

/** Folds the page's events, in log order, into copies of the loaded rows. */
export function foldPage(loaded: FamilyRows, events: readonly PositionedEvent[]): FamilyRows {
  const rows: FamilyRows = {
    persons: new Map(loaded.persons),
    parents: new Map(loaded.parents),
    marriages: new Map(loaded.marriages),
    kafala: new Map(loaded.kafala),
  };
  foldInto(rows, events);
  return rows;
}

/**
 * Folds events, in log order, into the rows themselves: what a rebuild does with the rows
 * it holds open. The maps must hold every row of the events' keys (see keysOf) that exists.
 */
export function foldInto(rows: FamilyRows, events: readonly PositionedEvent[]): void {
  const patchPerson = (idcs: string, patch: (p: FamilyPersonRow) => Partial<FamilyPersonRow>) => {
    const person = rows.persons.get(idcs);
    if (person) rows.persons.set(idcs, personRow({ ...person, ...patch(person) }));
  };
  for (const { position, event: e } of events) {
    switch (e.type) {
      case 'BirthRegistered': {
        const d = e.data;
        if (rows.persons.has(d.idcs)) break;
        rows.persons.set(
          d.idcs,
          personRow({
            idcs: d.idcs,
            ...namesOf(d.child.name),
            sex: d.child.sex,
            birthDate: d.child.born.gregorian,
            deathDate: null,
            status: 'alive',
          }),
        );
        setParent(rows, d.idcs, 'father', d.father, 'birth-act');
        setParent(rows, d.idcs, 'mother', d.mother, 'birth-act');
        break;
      }
      case 'LegacyActDigitised': {
        const { idcs, transcription: t } = e.data;
        if (rows.persons.has(idcs)) break;
        const transcribed = (name?: {
          given?: TranscribedName;
          family?: TranscribedName;
        }): TranscribedFullName => ({ given: name?.given ?? {}, family: name?.family ?? {} });
        rows.persons.set(
          idcs,
          personRow({
            idcs,
            ...namesOf(transcribed(t.name)),
            sex: t.sex ?? null,
            birthDate: t.born?.date ?? null,
            deathDate: null,
            status: 'alive',
          }),
        );
        // Old acts name the parents; they are not linked to records of the register.
        setParent(
          rows,
          idcs,
          'father',
          t.father && { name: transcribed(t.father.name) },
          'legacy-act',
        );
        setParent(
          rows,
          idcs,
          'mother',
          t.mother && { name: transcribed(t.mother.name) },
          'legacy-act',
        );
        break;
      }
      case 'DeathRegistered':
        // A death ends no filiation: the person is marked deceased, the links stay.
        patchPerson(e.data.idcs, (p) =>
          p.status === 'alive' ? { status: 'deceased', deathDate: e.data.died.gregorian } : {},
        );
        break;
      case 'MarriageNoted': {
        const d = e.data;
        // Noted on both spouses' records with the same data: the first copy makes the row.
        if (rows.marriages.has(d.marriageId)) break;
        rows.marriages.set(
          d.marriageId,
          marriageRow({
            marriageId: d.marriageId,
            husband: d.husband.idcs,
            wife: d.wife.idcs,
            marriedOn: d.date.gregorian,
            contract: d.contract,
            endedOn: null,
            endedBy: null,
            divorceKind: null,
            divorceBasis: null,
          }),
        );
        break;
      }
      case 'DivorceNoted': {
        const m = rows.marriages.get(e.data.marriageId);
        if (!m || m.endedBy === 'divorce') break;
        rows.marriages.set(
          m.marriageId,
          marriageRow({
            ...m,
            endedOn: e.data.date.gregorian,
            endedBy: 'divorce',
            divorceKind: e.data.kind,
            divorceBasis: e.data.legalBasis,
          }),
        );
        break;
      }
      case 'MarriageDissolvedByDeath': {
        const m = rows.marriages.get(e.data.marriageId);
        if (!m || m.endedOn !== null) break;
        rows.marriages.set(
          m.marriageId,
          marriageRow({ ...m, endedOn: e.data.on, endedBy: 'death' }),
        );
        break;
      }
      case 'PaternityRecognised': {
        const d = e.data;
        if (!rows.persons.has(d.idcs)) break;
        setParent(rows, d.idcs, 'father', d.father, 'recognition', d.legalBasis);
        const family = d.newFamilyName;
        if (family)
          patchPerson(d.idcs, () => ({ familyAr: family.ar, familyLat: family.lat ?? null }));
        break;
      }
      case 'KafalaNoted': {
        const d = e.data;
        for (const guardian of guardiansOf(d.kafil)) {
          const row = kafalaRow({
            child: d.idcs,
            notedPosition: position,
            ...guardian,
            since: d.order.date,
            judgment: d.order,
            endedOn: null,
            endReason: null,
          });
          rows.kafala.set(kafalaKey(row), row);
        }
        break;
      }
      case 'KafalaEnded':
        for (const [key, row] of rowsOfChild(rows.kafala, e.data.idcs))
          if (row.endedOn === null)
            rows.kafala.set(
              key,
              kafalaRow({ ...row, endedOn: e.data.date, endReason: e.data.reason }),
            );
        break;
      case 'NameChanged':
        patchPerson(e.data.idcs, () => namesOf(e.data.name));
        break;
      case 'RectificationNoted':
        rectify(rows, e, patchPerson);
        break;
      case 'ActAnnulled': {
        const { idcs, act } = e.data;
        if (act === 'death') {
          patchPerson(idcs, (p) =>
            p.status === 'deceased' ? { status: 'alive', deathDate: null } : {},
          );
          break;
        }
        // The birth act was void: the filiations and the kafala written on it go with it.
        // Links other acts made (the person named as someone's parent, a marriage noted on
        // the spouse's act too) stay, shown with the person's annulled status.
        patchPerson(idcs, () => ({ status: 'annulled' }));
        rows.parents.delete(parentKey(idcs, 'father'));
        rows.parents.delete(parentKey(idcs, 'mother'));
        for (const [key] of rowsOfChild(rows.kafala, idcs)) rows.kafala.delete(key);
        break;
      }
      default:
        assertNever(e);
    }
  }
}

type NameColumn = 'givenAr' | 'givenLat' | 'familyAr' | 'familyLat';

function rectify(
  rows: FamilyRows,
  e: RectificationNoted,
  patchPerson: (idcs: string, patch: (p: FamilyPersonRow) => Partial<FamilyPersonRow>) => void,
): void {
  const { idcs, field, newValue, legalBasis } = e.data;
  const person = rows.persons.get(idcs);
  if (!person || person.status === 'annulled') return;
  const parent = (role: ParentRole, patch: Partial<FamilyParentRow>) => {
    const row = rows.parents.get(parentKey(idcs, role));
    if (row) rows.parents.set(parentKey(idcs, role), parentRow({ ...row, ...patch }));
  };
  const name = (column: NameColumn): Partial<Names> => ({ [column]: newValue });
  const f: RectifiableField = field;
  switch (f) {
    case 'givenName.ar':
      return patchPerson(idcs, () => name('givenAr'));
    case 'givenName.lat':
      return patchPerson(idcs, () => name('givenLat'));
    case 'familyName.ar':
      return patchPerson(idcs, () => name('familyAr'));
    case 'familyName.lat':
      return patchPerson(idcs, () => name('familyLat'));
    case 'sex':
      return patchPerson(idcs, () => ({
        sex: newValue === 'M' || newValue === 'F' ? newValue : null,
      }));
    case 'birthDate':
      return patchPerson(idcs, () => ({ birthDate: newValue }));
    case 'deathDate':
      return patchPerson(idcs, (p) => (p.status === 'deceased' ? { deathDate: newValue } : {}));
    case 'father.givenName.ar':
      return parent('father', name('givenAr'));
    case 'father.givenName.lat':
      return parent('father', name('givenLat'));
    case 'father.familyName.ar':
      return parent('father', name('familyAr'));
    case 'father.familyName.lat':
      return parent('father', name('familyLat'));
    case 'mother.givenName.ar':
      return parent('mother', name('givenAr'));
    case 'mother.givenName.lat':
      return parent('mother', name('givenLat'));
    case 'mother.familyName.ar':
      return parent('mother', name('familyAr'));
    case 'mother.familyName.lat':
      return parent('mother', name('familyLat'));
    // A rectification of filiation by judgment: the act now links another person (or none).
    case 'father.idcs':
      return parent('father', { parent: newValue, establishedBy: 'rectification', legalBasis });
    case 'mother.idcs':
      return parent('mother', { parent: newValue, establishedBy: 'rectification', legalBasis });
    // Not shown by the family views.
    case 'givenName.tfng':
    case 'familyName.tfng':
    case 'birthTime':
      return;
    default:
      return assertNever(f);
  }
}
