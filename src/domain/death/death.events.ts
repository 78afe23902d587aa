import type { Idcs } from '../shared/idcs';
import type {
  ActDate,
  ActKey,
  DomainEvent,
  FullName,
  LegalBasis,
  Place,
  Recorded,
} from '../shared/types';

/** Families have the longer period; hospitals and prisons, where the death is certified, 3 days. */
export type DeathDeclarant =
  | { kind: 'family'; name: FullName; relation: string; idcs?: Idcs }
  | { kind: 'institution'; institution: { type: 'hospital' | 'prison' | 'other'; name: string } }
  | { kind: 'authority'; authority: string };

/** The death act, in the deceased's `person-<IDCS>` stream. */
export type DeathRegistered = DomainEvent<
  'DeathRegistered',
  {
    idcs: Idcs;
    act: ActKey;
    died: ActDate;
    place: Place;
    declarant: DeathDeclarant;
    /** ICD-10 code when certified: the statistics tabulate deaths by cause. */
    cause?: { icd10?: string };
    legalBasis: LegalBasis;
    delayDays: number;
    registered: Recorded;
    /** When this death was first registered as an unidentified body: that act's stream. */
    identifiedFrom?: Idcs;
  }
>;

/** A death act drawn up on a police report for a body nobody could name, in a fresh stream. */
export type UnidentifiedDeathRegistered = DomainEvent<
  'UnidentifiedDeathRegistered',
  {
    idcs: Idcs;
    act: ActKey;
    died: ActDate;
    place: Place;
    /** Apparent sex, age, marks: what the police report says. */
    description?: string;
    legalBasis: LegalBasis;
    registered: Recorded;
  }
>;

/** The rectifying judgment naming an unidentified deceased. The unidentified act stays. */
export type DeceasedIdentified = DomainEvent<
  'DeceasedIdentified',
  {
    idcs: Idcs;
    identifiedAs: { idcs?: Idcs; name: FullName };
    legalBasis: LegalBasis;
    noted: Recorded;
  }
>;

/**
 * Written on the surviving spouse's record in the same transaction as the death act, so that
 * the widow(er)'s marital status is right without reading anyone else's stream.
 */
export type MarriageDissolvedByDeath = DomainEvent<
  'MarriageDissolvedByDeath',
  { idcs: Idcs; deceased: Idcs; marriageId: string; on: string; deathAct: ActKey }
>;

export type DeathEvent =
  DeathRegistered | UnidentifiedDeathRegistered | DeceasedIdentified | MarriageDissolvedByDeath;
