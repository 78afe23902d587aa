import type { Idcs } from '../shared/idcs';
import type { Actor, DomainEvent, Recorded } from '../shared/types';

/** A full copy (نسخة كاملة) shows the whole act; a summary (نسخة موجزة) its essentials. */
export type ExtractKind = 'full-copy' | 'summary';
export type ExtractFormat = 'pdf' | 'json';
export type ExtractLanguage = 'ar' | 'fr';
export const EXTRACT_KINDS: readonly ExtractKind[] = ['full-copy', 'summary'];
export const EXTRACT_FORMATS: readonly ExtractFormat[] = ['pdf', 'json'];
export const EXTRACT_LANGUAGES: readonly ExtractLanguage[] = ['ar', 'fr'];

/** Why the extract is asked for: a marriage file adds a marginal note on the act. */
export type ExtractPurpose =
  'marriage-file' | 'administrative' | 'judicial' | 'identity-document' | 'personal';
export const EXTRACT_PURPOSES: readonly ExtractPurpose[] = [
  'marriage-file',
  'administrative',
  'judicial',
  'identity-document',
  'personal',
];

/** Who the requester is to the person whose act is extracted. */
export type RequesterRelation =
  | 'self'
  | 'father'
  | 'mother'
  | 'ascendant'
  | 'child'
  | 'descendant'
  | 'spouse'
  | 'prosecutor-authorised'
  | 'third-party';
export const REQUESTER_RELATIONS: readonly RequesterRelation[] = [
  'self',
  'father',
  'mother',
  'ascendant',
  'child',
  'descendant',
  'spouse',
  'prosecutor-authorised',
  'third-party',
];

/** Only these may obtain a full copy (DOMAIN.md, unverified against the law's text). */
export const FULL_COPY_RELATIONS: ReadonlySet<RequesterRelation> = new Set<RequesterRelation>([
  'self',
  'father',
  'mother',
  'ascendant',
  'child',
  'descendant',
  'spouse',
  'prosecutor-authorised',
]);

export interface ExtractRequester {
  /** As written on the identity document shown at the desk. */
  name: string;
  relation: RequesterRelation;
  /** When the requester is in the register: lets the relation be checked against it. */
  idcs?: Idcs;
  /** The identity document shown (kind and number, e.g. "CNIE AB123456"). */
  idDocument?: string;
  /** The public prosecutor's authorisation, for `prosecutor-authorised`. */
  authorisation?: { authority: string; reference: string; date: string };
}

/** What the extract reflects: the person's record as it stood at that stream version. */
export interface ExtractReflects {
  streamVersion: number;
  /** Global position of the record's last event the extract shows. */
  position: number;
  /** The father's record, read for the paternal grandfather's name. */
  father?: { idcs: Idcs; streamVersion: number };
}

/**
 * The issue of an extract, in its own stream `extract-<code>`: who issued it, for whom and
 * why, which state of the record it shows, and the digest of the file delivered.
 */
export type ExtractIssued = DomainEvent<
  'ExtractIssued',
  {
    code: string;
    idcs: Idcs;
    kind: ExtractKind;
    format: ExtractFormat;
    languages: ExtractLanguage[];
    purpose: ExtractPurpose;
    requester: ExtractRequester;
    reflects: ExtractReflects;
    /** SHA-256 (hex) of the delivered file's bytes, and the key that signed it. */
    document: { sha256: string; keyId: string; bytes: number };
    issued: { by: Actor; at: string };
    /** Customarily valid three months. */
    validUntil: string;
  }
>;

/**
 * The marginal note the law requires when an extract is issued for a marriage file, written
 * on the person's birth act (their `person-<IDCS>` stream) in the same append.
 */
export type MarriageFileExtractNoted = DomainEvent<
  'MarriageFileExtractNoted',
  { idcs: Idcs; extractCode: string; noted: Recorded }
>;

/** Events of an `extract-<code>` stream. */
export type ExtractEvent = ExtractIssued;
/** Events this folder writes on a person's record. */
export type ExtractNoteEvent = MarriageFileExtractNoted;

export const extractStream = (code: string): string => `extract-${code}`;
