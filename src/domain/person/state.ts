import type { PartialDate } from '../shared/dates';
import type { Idcs } from '../shared/idcs';
import type { RectifiableField } from '../rules';
import type {
  ActKey,
  BirthPlace,
  Judgment,
  LegalBasis,
  PersonName,
  Place,
  Sex,
  TranscribedFullName,
} from '../shared/types';

/** A parent as this person's act links them; null on the record means "unknown". */
export interface ParentLink {
  idcs?: Idcs;
  name: TranscribedFullName;
}

export interface SpouseLink {
  idcs: Idcs;
  marriageId: string;
  since: string;
}

export interface EndedMarriage extends SpouseLink {
  ended: string;
  by: 'divorce' | 'death';
}

/** Who holds the kafala: a Muslim couple, a woman, or an institution. */
export type Kafil =
  | { kind: 'couple'; husband: ParentLink; wife: ParentLink }
  | { kind: 'woman'; woman: ParentLink }
  | { kind: 'institution'; name: string };

export interface KafalaInForce {
  kafil: Kafil;
  since: string;
  order: Judgment;
}

/** A correction, kept next to the value it replaced: the original never disappears. */
export interface RectificationEntry {
  field: RectifiableField;
  oldValue: string | null;
  newValue: string | null;
  basis: LegalBasis;
  on: string;
}

export interface PersonRecord {
  idcs: Idcs;
  origin: 'registration' | 'legacy';
  birthAct: ActKey;
  name: TranscribedFullName;
  /** Null only for legacy acts that do not say. */
  sex: Sex | null;
  birthDate: PartialDate | null;
  birthTime?: string;
  birthPlace: BirthPlace | null;
  father: ParentLink | null;
  mother: ParentLink | null;
  /** The "Abd-" first name the mother chose for an unknown father: a name, not a filiation. */
  notionalFatherGivenName?: PersonName;
  /** Current marriages. */
  spouses: SpouseLink[];
  endedMarriages: EndedMarriage[];
  /** Kafala is guardianship: it sits here and never touches father or mother. */
  kafala: KafalaInForce | null;
  previousNames: TranscribedFullName[];
  rectifications: RectificationEntry[];
}

export interface DeathRecord {
  act: ActKey;
  date: string;
  place: Place;
}

export type PersonState =
  | { status: 'unregistered' }
  | {
      status: 'pre-declared';
      idcs: Idcs;
      preDeclaration: { facility: string; on: string; born: string; sex: Sex };
    }
  | { status: 'alive'; record: PersonRecord }
  | { status: 'deceased'; record: PersonRecord; death: DeathRecord }
  | {
      /** A death act drawn up on a police report for a body nobody could name. */
      status: 'unidentified-deceased';
      idcs: Idcs;
      death: DeathRecord;
      identifiedAs: { idcs?: Idcs; name: TranscribedFullName } | null;
    }
  | {
      status: 'annulled';
      idcs: Idcs;
      annulled: { act: 'birth' | 'death'; judgment: Judgment };
    };

export type PersonStatus = PersonState['status'];

export const initialPersonState = (): PersonState => ({ status: 'unregistered' });
