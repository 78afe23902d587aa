/**
 * What a person's acts say beside the domain's PersonState, one entry per event: the birth
 * or death act as drawn up (its Hijri date, legal basis, references), or the note written
 * in the margin with its legal basis. The state keeps what decisions need (who is married
 * to whom, who is alive); legal staff also need the acts as written. Entries are copied
 * from the events; nothing here decides a status, a filiation or a marriage: the only
 * state consulted is evolvePerson's, to know whether it accepted an act.
 *
 * Entries are written once and never rewritten (they are the margin of the act): folding
 * the next event of a person never needs them.
 */
import type {
  ActDate,
  ActKey,
  DeclarantRelation,
  DivorceKind,
  Filiation,
  HijriDate,
  Idcs,
  Judgment,
  KafalaEndReason,
  Kafil,
  LegalBasis,
  MarriageAuthorisations,
  PartialDate,
  PersonEvent,
  PersonName,
  PersonRecord,
  PersonState,
  Place,
  Recorded,
  RectifiableField,
  TranscribedFullName,
} from '../../src/domain';
import { assertNever } from '../../src/domain';

/** A Hijri date as an act holds it; an old paper act may give only part of it. */
export type ActHijri = Partial<HijriDate> & { source: 'as-written' | 'computed' };

/** Who drew up an entry, and on which day (Gregorian). */
export interface DrawnUp {
  on: string;
  office?: string;
}

/** The birth act as drawn up, or the paper act as transcribed. */
export type BirthActFacts =
  | {
      origin: 'registration';
      /** The date the act states, before any rectification. */
      date: string;
      hijri: ActHijri;
      filiation: Filiation;
      declarant: DeclarantRelation;
      legalBasis: LegalBasis;
      delayDays: number;
      drawnUp: DrawnUp;
      multipleBirth?: { rank: number; of: number; siblings: Idcs[] };
      preDeclaration?: { facility: string; on: string };
    }
  | {
      origin: 'legacy';
      date: PartialDate | null;
      hijri?: ActHijri;
      placeAsWritten?: string;
      /** SHA-256 of the scanned page: the evidence the transcription was made from. */
      scanSha256: string;
      drawnUp: DrawnUp;
      /** The paper act's marginal notes, verbatim. */
      notesAsWritten?: string[];
    };

/** The death act as drawn up (for a body nobody could name: on a police report). */
export interface DeathActFacts {
  act: ActKey;
  date: string;
  time?: string;
  hijri: ActHijri;
  place: Place;
  legalBasis: LegalBasis;
  /** The stream of the unidentified body's act this death was first registered as. */
  identifiedFrom?: Idcs;
  description?: string;
}

interface NoteAt {
  /** Stream version and global position of the event that wrote the note. */
  version: number;
  position: number;
  noted?: DrawnUp;
}

type Party = { idcs: Idcs; name: TranscribedFullName };

/** One note in the margin of the birth act, as it was written. */
export type MarginalNote = NoteAt &
  (
    | {
        kind: 'marriage';
        marriageId: string;
        date: string;
        husband: Party;
        wife: Party;
        legalBasis: LegalBasis;
        authorisations?: MarriageAuthorisations;
      }
    | {
        kind: 'divorce';
        marriageId: string;
        date: string;
        husband: Idcs;
        wife: Idcs;
        divorceKind: DivorceKind;
        legalBasis: LegalBasis;
      }
    | {
        kind: 'marriage-dissolved-by-death';
        marriageId: string;
        date: string;
        deceased: Idcs;
        /** The spouse's death act: the basis of this note. */
        act: ActKey;
      }
    | ({ kind: 'death' | 'unidentified-death' } & DeathActFacts)
    | {
        kind: 'identification';
        identifiedAs: { idcs?: Idcs; name: TranscribedFullName };
        legalBasis: LegalBasis;
      }
    | {
        kind: 'recognition';
        father: { idcs?: Idcs; name: TranscribedFullName };
        newFamilyName?: PersonName;
        legalBasis: LegalBasis;
      }
    | { kind: 'kafala'; kafil: Kafil; legalBasis: LegalBasis }
    | { kind: 'kafala-ended'; reason: KafalaEndReason; date: string; legalBasis: LegalBasis }
    | {
        kind: 'name-change';
        previous: TranscribedFullName;
        name: TranscribedFullName;
        legalBasis: LegalBasis;
      }
    | {
        kind: 'rectification';
        field: RectifiableField;
        oldValue: string | null;
        newValue: string | null;
        rectificationKind: 'material' | 'substantive';
        legalBasis: LegalBasis;
      }
    | {
        kind: 'annulment';
        act: 'birth' | 'death';
        actKey: ActKey;
        legalBasis: LegalBasis;
        /** The record as it stood when the judgment annulled its birth act. */
        recordBefore?: PersonRecord;
      }
    /** An extract of the act was issued for a marriage file. */
    | { kind: 'marriage-file-extract'; extractCode: string }
    /** A note on a digitised paper act, kept verbatim (shaped from the birth entry). */
    | { kind: 'as-written'; text: string }
  );

/** What one event wrote on the person's acts. */
export type RecordEntry = MarginalNote | (NoteAt & { kind: 'birth' } & BirthActFacts);

const drawnUp = (r: Recorded): DrawnUp => ({
  on: r.on.gregorian,
  ...(r.by.office !== undefined && { office: r.by.office }),
});
const judgmentBasis = (j: Judgment): LegalBasis => ({ kind: 'judgment', ...j });
const withTime = (date: ActDate) => (date.time !== undefined ? { time: date.time } : {});
/** What a death act and the act of an unidentified body both say of the death. */
const deathAct = (d: { act: ActKey; died: ActDate; place: Place; legalBasis: LegalBasis }) => ({
  act: d.act,
  date: d.died.gregorian,
  ...withTime(d.died),
  hijri: d.died.hijri,
  place: d.place,
  legalBasis: d.legalBasis,
});

/**
 * The entry `event` writes, given the state evolvePerson held before it and gives after it;
 * null when it writes none. An act evolve ignored (a second birth act on a registered
 * person) is not the person's act; a note is always kept, since it is on the stream.
 */
export function entryOf(
  before: PersonState,
  after: PersonState,
  event: PersonEvent,
  at: { version: number; position: number },
): RecordEntry | null {
  switch (event.type) {
    case 'BirthPreDeclared':
      return null;
    case 'BirthRegistered': {
      if (before.status === 'alive' || after.status !== 'alive') return null;
      const d = event.data;
      return {
        kind: 'birth',
        origin: 'registration',
        date: d.child.born.gregorian,
        hijri: d.child.born.hijri,
        filiation: d.filiation,
        declarant: d.declarant.relation,
        legalBasis: d.legalBasis,
        delayDays: d.delayDays,
        drawnUp: drawnUp(d.registered),
        ...(d.child.multipleBirth && { multipleBirth: d.child.multipleBirth }),
        ...(d.preDeclaration && { preDeclaration: d.preDeclaration }),
        ...at,
      };
    }
    case 'LegacyActDigitised': {
      if (before.status !== 'unregistered' || after.status !== 'alive') return null;
      const { transcription: t, scanSha256, transcribedAt, transcribedBy } = event.data;
      const hijri = t.born?.hijri;
      return {
        kind: 'birth',
        origin: 'legacy',
        date: t.born?.date ?? null,
        ...(hijri && { hijri: { ...hijri, source: 'as-written' as const } }),
        ...(t.born?.placeAsWritten !== undefined && { placeAsWritten: t.born.placeAsWritten }),
        scanSha256,
        drawnUp: {
          on: transcribedAt.slice(0, 10),
          ...(transcribedBy.office !== undefined && { office: transcribedBy.office }),
        },
        ...(t.marginalNotesAsWritten?.length && { notesAsWritten: t.marginalNotesAsWritten }),
        ...at,
      };
    }
    case 'DeathRegistered': {
      if (before.status !== 'alive' || after.status !== 'deceased') return null;
      const d = event.data;
      return {
        kind: 'death',
        ...deathAct(d),
        ...(d.identifiedFrom !== undefined && { identifiedFrom: d.identifiedFrom }),
        noted: drawnUp(d.registered),
        ...at,
      };
    }
    case 'UnidentifiedDeathRegistered': {
      if (before.status !== 'unregistered' || after.status !== 'unidentified-deceased') return null;
      const d = event.data;
      return {
        kind: 'unidentified-death',
        ...deathAct(d),
        ...(d.description !== undefined && { description: d.description }),
        noted: drawnUp(d.registered),
        ...at,
      };
    }
    case 'DeceasedIdentified':
      return {
        kind: 'identification',
        identifiedAs: event.data.identifiedAs,
        legalBasis: event.data.legalBasis,
        noted: drawnUp(event.data.noted),
        ...at,
      };
    case 'MarriageDissolvedByDeath':
      return {
        kind: 'marriage-dissolved-by-death',
        marriageId: event.data.marriageId,
        date: event.data.on,
        deceased: event.data.deceased,
        act: event.data.deathAct,
        ...at,
      };
    case 'MarriageNoted': {
      const d = event.data;
      return {
        kind: 'marriage',
        marriageId: d.marriageId,
        date: d.date.gregorian,
        husband: d.husband,
        wife: d.wife,
        legalBasis: d.contract,
        ...(d.authorisations && { authorisations: d.authorisations }),
        noted: drawnUp(d.noted),
        ...at,
      };
    }
    case 'DivorceNoted': {
      const d = event.data;
      return {
        kind: 'divorce',
        marriageId: d.marriageId,
        date: d.date.gregorian,
        husband: d.husband,
        wife: d.wife,
        divorceKind: d.kind,
        legalBasis: d.legalBasis,
        noted: drawnUp(d.noted),
        ...at,
      };
    }
    case 'PaternityRecognised': {
      const d = event.data;
      return {
        kind: 'recognition',
        father: {
          ...(d.father.idcs !== undefined && { idcs: d.father.idcs }),
          name: d.father.name,
        },
        ...(d.newFamilyName && { newFamilyName: d.newFamilyName }),
        legalBasis: d.legalBasis,
        noted: drawnUp(d.noted),
        ...at,
      };
    }
    case 'KafalaNoted':
      return {
        kind: 'kafala',
        kafil: event.data.kafil,
        legalBasis: judgmentBasis(event.data.order),
        noted: drawnUp(event.data.noted),
        ...at,
      };
    case 'KafalaEnded':
      return {
        kind: 'kafala-ended',
        reason: event.data.reason,
        date: event.data.date,
        legalBasis: event.data.legalBasis,
        noted: drawnUp(event.data.noted),
        ...at,
      };
    case 'NameChanged':
      return {
        kind: 'name-change',
        previous: event.data.previous,
        name: event.data.name,
        legalBasis: event.data.legalBasis,
        noted: drawnUp(event.data.noted),
        ...at,
      };
    case 'RectificationNoted': {
      const d = event.data;
      return {
        kind: 'rectification',
        field: d.field,
        oldValue: d.oldValue,
        newValue: d.newValue,
        rectificationKind: d.kind,
        legalBasis: d.legalBasis,
        noted: drawnUp(d.noted),
        ...at,
      };
    }
    case 'MarriageFileExtractNoted':
      return {
        kind: 'marriage-file-extract',
        extractCode: event.data.extractCode,
        noted: drawnUp(event.data.noted),
        ...at,
      };
    case 'ActAnnulled': {
      const d = event.data;
      const birthAnnulled = after.status === 'annulled' && before.status !== after.status;
      return {
        kind: 'annulment',
        act: d.act,
        actKey: d.actKey,
        legalBasis: d.legalBasis,
        ...(birthAnnulled && 'record' in before && { recordBefore: before.record }),
        noted: drawnUp(d.noted),
        ...at,
      };
    }
    default:
      return assertNever(event);
  }
}
