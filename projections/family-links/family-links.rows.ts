/**
 * The family-links rows as the page fold handles them: kept in maps by key, built with
 * their keys in one order (so that two rows compare as JSON text), and compared before
 * and after a page to find what to write.
 */
import type {
  FamilyKafalaRow,
  FamilyMarriageRow,
  FamilyParentRow,
  FamilyPersonRow,
  ParentRole,
} from './family-links.entity';

export interface FamilyRows {
  persons: Map<string, FamilyPersonRow>;
  /** Keyed by `parentKey(child, role)`. */
  parents: Map<string, FamilyParentRow>;
  marriages: Map<string, FamilyMarriageRow>;
  /** Keyed by `kafalaKey(row)`. */
  kafala: Map<string, FamilyKafalaRow>;
}

export const parentKey = (child: string, role: ParentRole) => `${child}/${role}`;
export const kafalaKey = (row: Pick<FamilyKafalaRow, 'child' | 'notedPosition' | 'guardianRole'>) =>
  `${row.child}/${row.notedPosition}/${row.guardianRole}`;

export const emptyRows = (): FamilyRows => ({
  persons: new Map(),
  parents: new Map(),
  marriages: new Map(),
  kafala: new Map(),
});
/** Every row is built here, with its keys in one order, so rows compare as JSON text. */
export function personRow(r: FamilyPersonRow): FamilyPersonRow {
  return {
    idcs: r.idcs,
    givenAr: r.givenAr,
    givenLat: r.givenLat,
    familyAr: r.familyAr,
    familyLat: r.familyLat,
    sex: r.sex,
    birthDate: r.birthDate,
    deathDate: r.deathDate,
    status: r.status,
  };
}

export function parentRow(r: FamilyParentRow): FamilyParentRow {
  return {
    child: r.child,
    role: r.role,
    parent: r.parent,
    givenAr: r.givenAr,
    givenLat: r.givenLat,
    familyAr: r.familyAr,
    familyLat: r.familyLat,
    establishedBy: r.establishedBy,
    legalBasis: r.legalBasis,
  };
}

export function marriageRow(r: FamilyMarriageRow): FamilyMarriageRow {
  return {
    marriageId: r.marriageId,
    husband: r.husband,
    wife: r.wife,
    marriedOn: r.marriedOn,
    contract: r.contract,
    endedOn: r.endedOn,
    endedBy: r.endedBy,
    divorceKind: r.divorceKind,
    divorceBasis: r.divorceBasis,
  };
}

export function kafalaRow(r: FamilyKafalaRow): FamilyKafalaRow {
  return {
    child: r.child,
    notedPosition: Number(r.notedPosition),
    guardianRole: r.guardianRole,
    guardian: r.guardian,
    guardianName: r.guardianName,
    institution: r.institution,
    since: r.since,
    judgment: r.judgment,
    endedOn: r.endedOn,
    endReason: r.endReason,
  };
}

export interface FamilyChanges {
  persons: FamilyPersonRow[];
  parents: FamilyParentRow[];
  parentsDeleted: { child: string; role: ParentRole }[];
  marriages: FamilyMarriageRow[];
  kafala: FamilyKafalaRow[];
  kafalaDeleted: FamilyKafalaRow[];
}

function changed<Row>(before: Map<string, Row>, after: Map<string, Row>): Row[] {
  const out: Row[] = [];
  for (const [key, row] of after) {
    const old = before.get(key);
    if (old === undefined || JSON.stringify(old) !== JSON.stringify(row)) out.push(row);
  }
  return out;
}

function removed<Row>(before: Map<string, Row>, after: Map<string, Row>): Row[] {
  return [...before].filter(([key]) => !after.has(key)).map(([, row]) => row);
}

/** The rows to write back: new or different ones, and the ones the page removed. */
export function changesBetween(before: FamilyRows, after: FamilyRows): FamilyChanges {
  return {
    persons: changed(before.persons, after.persons),
    parents: changed(before.parents, after.parents),
    parentsDeleted: removed(before.parents, after.parents).map(({ child, role }) => ({
      child,
      role,
    })),
    marriages: changed(before.marriages, after.marriages),
    kafala: changed(before.kafala, after.kafala),
    kafalaDeleted: removed(before.kafala, after.kafala),
  };
}
