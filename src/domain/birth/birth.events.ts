import type { Idcs } from '../shared/idcs';
import type {
  ActDate,
  ActKey,
  BirthPlace,
  DomainEvent,
  FullName,
  LegalBasis,
  ParentDetails,
  PersonName,
  Place,
  Recorded,
  Sex,
} from '../shared/types';

export type DeclarantRelation =
  | 'father'
  | 'mother'
  | 'testamentary-guardian'
  | 'brother'
  | 'nephew'
  | 'public-prosecutor'
  /** An adult registering their own birth late, on a declaratory judgment. */
  | 'self';

export interface Declarant {
  relation: DeclarantRelation;
  name: FullName;
  idcs?: Idcs;
  /** Why nobody earlier in the legal order declares (father deceased, abroad...). */
  whyNotPreceding?: string;
}

export type Filiation = 'both-parents' | 'unknown-father' | 'unknown-parents';

/** Law 36-21: a health facility pre-declares through the portal; a registrar registers later. */
export type BirthPreDeclared = DomainEvent<
  'BirthPreDeclared',
  {
    idcs: Idcs;
    facility: { code: string; name: string };
    child: { name?: FullName; sex: Sex; born: ActDate; place: Place };
    father?: ParentDetails;
    mother?: ParentDetails;
    preDeclaredAt: string;
    by: Recorded['by'];
  }
>;

/** The birth act: the root of the person's record, in `person-<IDCS>`. */
export type BirthRegistered = DomainEvent<
  'BirthRegistered',
  {
    idcs: Idcs;
    act: ActKey;
    child: {
      name: FullName;
      sex: Sex;
      born: ActDate;
      place: BirthPlace;
      multipleBirth?: { rank: number; of: number; siblings: Idcs[] };
    };
    filiation: Filiation;
    father: ParentDetails | null;
    mother: ParentDetails | null;
    /** For a child of unknown father: the "Abd-" first name the mother chose. */
    notionalFatherGivenName?: PersonName;
    declarant: Declarant;
    legalBasis: LegalBasis;
    preDeclaration?: { facility: string; on: string };
    /** Days between birth and declaration: the statistics' timeliness indicator. */
    delayDays: number;
    registered: Recorded;
  }
>;

export type BirthEvent = BirthPreDeclared | BirthRegistered;
