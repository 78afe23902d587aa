import type { PartialDate } from '../shared/dates';
import type { HijriDate } from '../shared/hijri';
import type { Idcs } from '../shared/idcs';
import type { Actor, BirthPlace, DomainEvent, Sex, TranscribedName } from '../shared/types';

/** Where the paper act sits: its office, year, number, and the volume and folio of the book. */
export interface PaperActKey {
  office: string;
  year: number;
  actNumber: number;
  volume: string;
  folio: string;
}

/**
 * The act as written, field by field. Everything is optional: old acts often give a year of
 * birth only, omit a parent, or were kept in French. The transcription never "completes" them.
 */
export interface Transcription {
  name?: { given?: TranscribedName; family?: TranscribedName };
  sex?: Sex;
  born?: {
    date?: PartialDate;
    time?: string;
    /** The Hijri date as written; never computed for a legacy act. */
    hijri?: Partial<HijriDate>;
    place?: BirthPlace;
    /** The place as the act spells it, when it cannot be mapped to today's communes. */
    placeAsWritten?: string;
  };
  father?: { name: { given?: TranscribedName; family?: TranscribedName } } | null;
  mother?: { name: { given?: TranscribedName; family?: TranscribedName } } | null;
  /** Marginal notes as written on the paper act, kept verbatim for the legal staff. */
  marginalNotesAsWritten?: string[];
}

export type LegacyActDigitised = DomainEvent<
  'LegacyActDigitised',
  {
    idcs: Idcs;
    original: PaperActKey;
    /** SHA-256 of the scanned page image (64 lowercase hex): ties the record to its evidence. */
    scanSha256: string;
    transcription: Transcription;
    transcribedBy: Actor;
    transcribedAt: string;
  }
>;

export type LegacyEvent = LegacyActDigitised;
