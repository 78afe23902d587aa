/**
 * The family-links read model's tables. Each holds only what the family views need, copied
 * from the events: a projection never reads another projection's tables.
 *
 * `json` columns (not `jsonb`) keep legal references as sent: nothing queries inside them,
 * and the text read back compares equal to the text written.
 */
import { EntitySchema } from '@mikro-orm/core';
import { tablesOf } from '../../src/projection/projection';
import type { LegalBasis, TranscribedFullName } from '../../src/domain';

export type LifeStatus = 'alive' | 'deceased' | 'annulled';
export type ParentRole = 'father' | 'mother';
/** How a filiation stands on the child's act. */
export type EstablishedBy = 'birth-act' | 'legacy-act' | 'recognition' | 'rectification';
export type GuardianRole = 'husband' | 'wife' | 'woman' | 'institution';

/** The few facts about a person a family view shows beside the links. */
export interface FamilyPersonRow {
  idcs: string;
  givenAr: string | null;
  givenLat: string | null;
  familyAr: string | null;
  familyLat: string | null;
  sex: 'M' | 'F' | null;
  /** As the act gives it: YYYY, YYYY-MM or YYYY-MM-DD. */
  birthDate: string | null;
  deathDate: string | null;
  status: LifeStatus;
}

/**
 * A filiation: the child's father or mother as the child's act establishes it. `parent` is
 * the parent's IDCS when the act links a person of the register; the name is the act's.
 */
export interface FamilyParentRow {
  child: string;
  role: ParentRole;
  parent: string | null;
  givenAr: string | null;
  givenLat: string | null;
  familyAr: string | null;
  familyLat: string | null;
  establishedBy: EstablishedBy;
  /** The recognition's act or judgment, or the rectifying judgment. */
  legalBasis: LegalBasis | null;
}

export interface FamilyMarriageRow {
  marriageId: string;
  husband: string;
  wife: string;
  marriedOn: string;
  contract: LegalBasis;
  endedOn: string | null;
  endedBy: 'divorce' | 'death' | null;
  divorceKind: string | null;
  divorceBasis: LegalBasis | null;
}

/**
 * One guardian of a kafala order (a couple gives two rows). Guardianship, not filiation:
 * it never appears among parents or children.
 */
export interface FamilyKafalaRow {
  child: string;
  /** Global position of the KafalaNoted event: tells successive orders apart. */
  notedPosition: number;
  guardianRole: GuardianRole;
  guardian: string | null;
  guardianName: TranscribedFullName | null;
  institution: string | null;
  since: string;
  /** The judge's kafala order. */
  judgment: { court: string; reference: string; date: string };
  endedOn: string | null;
  endReason: string | null;
}

const nullableText = { type: 'text', nullable: true } as const;

export const FamilyPersonEntity = new EntitySchema<FamilyPersonRow>({
  name: 'FamilyPerson',
  tableName: 'family_person',
  properties: {
    idcs: { type: 'text', primary: true },
    givenAr: nullableText,
    givenLat: nullableText,
    familyAr: nullableText,
    familyLat: nullableText,
    sex: nullableText,
    birthDate: nullableText,
    deathDate: nullableText,
    status: { type: 'text' },
  },
});

export const FamilyParentEntity = new EntitySchema<FamilyParentRow>({
  name: 'FamilyParent',
  tableName: 'family_parent',
  // Children of a parent, and the descendants' walk: the parent → child edge.
  indexes: [{ name: 'family_parent_parent', properties: ['parent', 'child'] }],
  properties: {
    child: { type: 'text', primary: true },
    role: { type: 'text', primary: true },
    parent: nullableText,
    givenAr: nullableText,
    givenLat: nullableText,
    familyAr: nullableText,
    familyLat: nullableText,
    establishedBy: { type: 'text' },
    legalBasis: { type: 'json', columnType: 'json', nullable: true },
  },
});

export const FamilyMarriageEntity = new EntitySchema<FamilyMarriageRow>({
  name: 'FamilyMarriage',
  tableName: 'family_marriage',
  properties: {
    marriageId: { type: 'text', primary: true },
    husband: { type: 'text', index: 'family_marriage_husband' },
    wife: { type: 'text', index: 'family_marriage_wife' },
    marriedOn: { type: 'text' },
    contract: { type: 'json', columnType: 'json' },
    endedOn: nullableText,
    endedBy: nullableText,
    divorceKind: nullableText,
    divorceBasis: { type: 'json', columnType: 'json', nullable: true },
  },
});

export const FamilyKafalaEntity = new EntitySchema<FamilyKafalaRow>({
  name: 'FamilyKafala',
  tableName: 'family_kafala',
  properties: {
    child: { type: 'text', primary: true },
    notedPosition: { type: 'bigint', primary: true },
    guardianRole: { type: 'text', primary: true },
    guardian: { type: 'text', nullable: true, index: 'family_kafala_guardian' },
    guardianName: { type: 'json', columnType: 'json', nullable: true },
    institution: nullableText,
    since: { type: 'text' },
    judgment: { type: 'json', columnType: 'json' },
    endedOn: nullableText,
    endReason: nullableText,
  },
});

/**
 * A person's family view as one document (family-links.documents.ts, ADR 0013): what the
 * family route reads, written from the four tables above in the same transaction. The
 * facts of the persons it names are read from `family_person` with it.
 */
export interface FamilyViewRow {
  idcs: string;
  view: unknown;
  /** Everyone the view names, the person included, in order. */
  persons: string[];
}

export const FamilyViewEntity = new EntitySchema<FamilyViewRow>({
  name: 'FamilyView',
  tableName: 'family_view',
  properties: {
    idcs: { type: 'text', primary: true },
    view: { type: 'json', columnType: 'json' },
    persons: { type: 'text[]', columnType: 'text[]' },
  },
});

export const FAMILY_ENTITIES = [
  FamilyPersonEntity,
  FamilyParentEntity,
  FamilyMarriageEntity,
  FamilyKafalaEntity,
  FamilyViewEntity,
];
export const FAMILY_TABLES = tablesOf(FAMILY_ENTITIES);
