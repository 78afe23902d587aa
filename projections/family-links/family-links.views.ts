/**
 * What the family views answer: persons with the few facts a family view shows, and the
 * links between them. Built from the family-links tables by family-links.queries.ts.
 */
import type { LegalBasis, TranscribedFullName } from '../../src/domain';
import type {
  EstablishedBy,
  FamilyKafalaRow,
  FamilyMarriageRow,
  GuardianRole,
  LifeStatus,
  ParentRole,
} from './family-links.entity';
import type { Kinship } from './kinship';

export interface Name {
  given: { ar: string | null; lat: string | null };
  family: { ar: string | null; lat: string | null };
}

export interface PersonFacts {
  idcs: string;
  name: Name | null;
  sex: 'M' | 'F' | null;
  birthDate: string | null;
  deathDate: string | null;
  /** 'not-registered': an act links this IDCS, but no record of it is in the register. */
  status: LifeStatus | 'not-registered';
}

export interface ParentView {
  role: ParentRole;
  /** Null when the act names the parent without linking a person of the register. */
  person: PersonFacts | null;
  nameOnAct: Name;
  establishedBy: EstablishedBy;
  legalBasis: LegalBasis | null;
}

export interface ChildView {
  person: PersonFacts;
  /** The person's role in the child's filiation. */
  as: ParentRole;
  establishedBy: EstablishedBy;
  /** The child's other parent, when the act links one. */
  otherParent: string | null;
}

export type MarriageEnd =
  | { by: 'divorce'; on: string; kind: string | null; legalBasis: LegalBasis | null }
  | { by: 'death'; on: string };

export interface SpouseView {
  person: PersonFacts;
  marriageId: string;
  married: { on: string; contract: LegalBasis };
  ended: MarriageEnd | null;
}

export interface SiblingView {
  person: PersonFacts;
  otherParentIdentified: boolean;
}

export interface KafalaView {
  /** The ward (makfoul) when read from the guardian's side, else the guardian. */
  person: PersonFacts | null;
  guardianRole: GuardianRole;
  guardianName: TranscribedFullName | null;
  institution: string | null;
  since: string;
  judgment: FamilyKafalaRow['judgment'];
  ended: { on: string; reason: string | null } | null;
}

export interface FamilyView {
  person: PersonFacts;
  parents: { father: ParentView | null; mother: ParentView | null };
  children: ChildView[];
  spouses: { current: SpouseView[]; former: SpouseView[] };
  siblings: { full: SiblingView[]; paternalHalf: SiblingView[]; maternalHalf: SiblingView[] };
  /** Kafala is guardianship, not filiation: it stays out of parents and children. */
  kafala: { guardians: KafalaView[]; wards: KafalaView[] };
}

export interface AncestorView {
  generation: number;
  /** F and M read from the person: 'FM' is the father's mother. */
  line: string;
  role: ParentRole;
  /** Whose parent this is (one generation below). */
  of: string;
  person: PersonFacts | null;
  nameOnAct: Name;
  establishedBy: EstablishedBy;
}

export interface DescendantView {
  generation: number;
  person: PersonFacts;
  /** The parent through whom (one generation above), and their role. */
  of: string;
  as: ParentRole;
}

export interface BookletWife {
  person: PersonFacts;
  marriageId: string;
  married: { on: string; contract: LegalBasis };
  ended: MarriageEnd | null;
  children: PersonFacts[];
}

export interface BookletView {
  /** The husband, in whose name the booklet is issued. */
  holder: PersonFacts;
  wives: BookletWife[];
}

export type BookletResult =
  | { kind: 'booklet'; view: BookletView; persons: string[] }
  | { kind: 'unknown-person' }
  | { kind: 'no-booklet'; reason: string };

export interface KinshipView extends Omit<Kinship, 'commonAncestors' | 'path'> {
  person: PersonFacts;
  other: PersonFacts;
  searchDepth: number;
  commonAncestors: PersonFacts[];
  path: PersonFacts[];
  marriages: { marriageId: string; marriedOn: string; ended: MarriageEnd | null }[];
}

export interface Viewed<View> {
  view: View;
  /** Every person whose data the view holds. */
  persons: string[];
}

export interface NameColumns {
  givenAr: string | null;
  givenLat: string | null;
  familyAr: string | null;
  familyLat: string | null;
}

export const nameOf = (r: NameColumns): Name => ({
  given: { ar: r.givenAr, lat: r.givenLat },
  family: { ar: r.familyAr, lat: r.familyLat },
});

export function endOf(m: FamilyMarriageRow): MarriageEnd | null {
  if (m.endedOn === null) return null;
  return m.endedBy === 'death'
    ? { by: 'death', on: m.endedOn }
    : { by: 'divorce', on: m.endedOn, kind: m.divorceKind, legalBasis: m.divorceBasis };
}

export const byBirth = (a: PersonFacts, b: PersonFacts) =>
  (a.birthDate ?? '9999').localeCompare(b.birthDate ?? '9999') || a.idcs.localeCompare(b.idcs);
