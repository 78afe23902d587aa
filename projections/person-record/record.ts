/**
 * The person record as a registrar, a legal officer or a partner administration reads it,
 * shaped from a folded row. Everything about status, names, parents and marriages comes
 * from the domain's PersonState; the entries beside it (entries.ts) add the Hijri dates, the
 * notes and their legal bases, and the act references.
 */
import {
  assertNever,
  isIsoDate,
  toHijri,
  type ActKey,
  type BirthPlace,
  type Idcs,
  type Judgment,
  type KafalaInForce,
  type LegalBasis,
  type ParentLink,
  type PartialDate,
  type PersonName,
  type PersonRecord,
  type Place,
  type Sex,
  type TranscribedFullName,
} from '../../src/domain';
import type {
  ActHijri,
  BirthActFacts,
  DeathActFacts,
  DrawnUp,
  MarginalNote,
  RecordEntry,
} from './entries';
import type { FoldedPerson } from './fold';

/** A person's folded state with the entries their events wrote, in stream order. */
export interface StoredRecord {
  person: FoldedPerson;
  entries: readonly RecordEntry[];
}

/** The acts as the view needs them: the birth act, the death act in force, the notes. */
interface Acts {
  birth: BirthActFacts | null;
  death: Extract<MarginalNote, DeathActFacts> | null;
  notes: MarginalNote[];
  recordBefore?: PersonRecord;
}

function actsOf(entries: readonly RecordEntry[]): Acts {
  const acts: Acts = { birth: null, death: null, notes: [] };
  for (const entry of entries) {
    if (entry.kind === 'birth') {
      const { kind: _kind, version, position, ...facts } = entry;
      acts.birth = facts;
      if (facts.origin === 'legacy')
        for (const text of facts.notesAsWritten ?? [])
          acts.notes.push({ kind: 'as-written', text, version, position });
      continue;
    }
    if (entry.kind === 'death' || entry.kind === 'unidentified-death') acts.death = entry;
    if (entry.kind === 'annulment' && entry.recordBefore) {
      const { recordBefore, ...note } = entry;
      acts.recordBefore = recordBefore;
      acts.notes.push(note);
      continue;
    }
    acts.notes.push(entry);
  }
  return acts;
}

export type RecordStatus =
  'pre-declared' | 'alive' | 'deceased' | 'unidentified-deceased' | 'annulled';

/** 'unknown-…': the record names no such parent (for a paper act: the act names none). */
export type ParentsKnown = 'both-parents' | 'unknown-father' | 'unknown-mother' | 'unknown-parents';

/** For a deceased person: the status at death. */
export type MaritalStatus = 'single' | 'married' | 'divorced' | 'widowed';

export interface BirthView {
  date: PartialDate | null;
  time?: string;
  hijri?: ActHijri;
  place: BirthPlace | null;
  placeAsWritten?: string;
  act?: ActKey;
  origin?: 'registration' | 'legacy';
  legalBasis?: LegalBasis;
  drawnUp?: DrawnUp;
  /** Who declared the birth, and how many days after it. */
  declarant?: string;
  delayDays?: number;
  multipleBirth?: { rank: number; of: number; siblings: Idcs[] };
  preDeclaration?: { facility: string; on: string };
  /** A digitised paper act: SHA-256 of the scanned page it was transcribed from. */
  scanSha256?: string;
}

export interface ParentsView {
  known: ParentsKnown;
  father: ParentLink | null;
  mother: ParentLink | null;
  /** The "Abd-" first name chosen for a child of unknown father: a name, not a filiation. */
  notionalFatherGivenName?: PersonName;
}

export interface SpouseView {
  idcs: Idcs;
  marriageId: string;
  since: string;
  /** The spouse's name as the marriage note wrote it. */
  name?: TranscribedFullName;
}

export interface FormerSpouseView extends SpouseView {
  ended: string;
  by: 'divorce' | 'death';
}

export interface DeathView {
  date: string;
  time?: string;
  hijri?: ActHijri;
  place: Place;
  act: ActKey;
  legalBasis?: LegalBasis;
  drawnUp?: DrawnUp;
}

export interface PersonRecordView {
  idcs: Idcs;
  status: RecordStatus;
  name: TranscribedFullName | null;
  previousNames: TranscribedFullName[];
  sex: Sex | null;
  birth: BirthView | null;
  parents: ParentsView | null;
  maritalStatus: MaritalStatus | null;
  spouses: SpouseView[];
  formerSpouses: FormerSpouseView[];
  kafala: KafalaInForce | null;
  death: DeathView | null;
  /** Every note in the margin of the acts, in the order written, with its legal basis. */
  marginalNotes: MarginalNote[];
  preDeclaration?: { facility: string; on: string };
  /** The unidentified body's act: whom a judgment later named. */
  identifiedAs?: { idcs?: Idcs; name: TranscribedFullName } | null;
  annulment?: {
    act: 'birth' | 'death';
    judgment: Judgment;
    /** The record as it stood when its birth act was annulled. */
    recordBefore?: PersonRecord;
  };
  /** How far the record is folded: its stream version and the global position. */
  asOf: { version: number; position: number };
}

/** What a partner administration sees: identity, birth, parents' names, marital status. */
export interface PartnerRecordView {
  idcs: Idcs;
  status: RecordStatus;
  name: TranscribedFullName | null;
  sex: Sex | null;
  birth: {
    date: PartialDate | null;
    time?: string;
    hijri?: ActHijri;
    place: BirthPlace | null;
  } | null;
  parents: {
    father: { name: TranscribedFullName } | null;
    mother: { name: TranscribedFullName } | null;
  } | null;
  maritalStatus: MaritalStatus | null;
  death: { date: string } | null;
  asOf: { version: number; position: number };
}

/**
 * The Hijri date of the birth: the act's (as written, or computed when drawn up) while the
 * Gregorian date is the act's; after a rectification of the date, Umm al-Qura's for the new
 * date. A paper act's Hijri date is never computed.
 */
function birthHijri(record: PersonRecord, facts: BirthActFacts | null): ActHijri | undefined {
  if (facts && facts.date === record.birthDate) return facts.hijri;
  if (record.origin === 'legacy' || record.birthDate === null || !isIsoDate(record.birthDate))
    return undefined;
  return { ...toHijri(record.birthDate), source: 'computed' };
}

function actFacts(facts: BirthActFacts | null): Partial<BirthView> {
  if (facts === null) return {};
  switch (facts.origin) {
    case 'registration':
      return {
        legalBasis: facts.legalBasis,
        drawnUp: facts.drawnUp,
        declarant: facts.declarant,
        delayDays: facts.delayDays,
        ...(facts.multipleBirth && { multipleBirth: facts.multipleBirth }),
        ...(facts.preDeclaration && { preDeclaration: facts.preDeclaration }),
      };
    case 'legacy':
      return {
        drawnUp: facts.drawnUp,
        scanSha256: facts.scanSha256,
        ...(facts.placeAsWritten !== undefined && { placeAsWritten: facts.placeAsWritten }),
      };
    default:
      return assertNever(facts);
  }
}

function birthOf(record: PersonRecord, acts: Acts): BirthView {
  const hijri = birthHijri(record, acts.birth);
  return {
    date: record.birthDate,
    ...(record.birthTime !== undefined && { time: record.birthTime }),
    ...(hijri && { hijri }),
    place: record.birthPlace,
    act: record.birthAct,
    origin: record.origin,
    ...actFacts(acts.birth),
  };
}

function parentsOf(record: PersonRecord): ParentsView {
  const { father, mother } = record;
  const known: ParentsKnown =
    father && mother
      ? 'both-parents'
      : mother
        ? 'unknown-father'
        : father
          ? 'unknown-mother'
          : 'unknown-parents';
  return {
    known,
    father,
    mother,
    ...(record.notionalFatherGivenName && {
      notionalFatherGivenName: record.notionalFatherGivenName,
    }),
  };
}

/** The spouse's name from the marriage note that joined them. */
function spouseName(acts: Acts, marriageId: string, idcs: Idcs) {
  for (const note of acts.notes) {
    if (note.kind !== 'marriage' || note.marriageId !== marriageId) continue;
    if (note.husband.idcs === idcs) return note.husband.name;
    if (note.wife.idcs === idcs) return note.wife.name;
  }
  return undefined;
}

function withName<T extends { idcs: Idcs; marriageId: string }>(acts: Acts, link: T) {
  const name = spouseName(acts, link.marriageId, link.idcs);
  return name ? { ...link, name } : link;
}

/**
 * Married while a marriage is in force; otherwise how the last one ended. The person's own
 * death ends their marriages in the domain's state: those ended on the day of death count
 * as in force, so that a deceased person's status is the status at death.
 */
function maritalStatusOf(record: PersonRecord, diedOn: string | null): MaritalStatus {
  if (record.spouses.length > 0) return 'married';
  const ended = record.endedMarriages;
  if (diedOn !== null && ended.some((m) => m.by === 'death' && m.ended === diedOn))
    return 'married';
  let last: (typeof ended)[number] | undefined;
  for (const m of ended) if (!last || m.ended >= last.ended) last = m;
  if (!last) return 'single';
  return last.by === 'divorce' ? 'divorced' : 'widowed';
}

const empty = (
  idcs: Idcs,
  status: RecordStatus,
  p: FoldedPerson,
  acts: Acts,
): PersonRecordView => ({
  idcs,
  status,
  name: null,
  previousNames: [],
  sex: null,
  birth: null,
  parents: null,
  maritalStatus: null,
  spouses: [],
  formerSpouses: [],
  kafala: null,
  death: null,
  marginalNotes: acts.notes,
  asOf: { version: p.version, position: p.position },
});

/** The death as the state holds it (a rectified date included), with its act's details. */
function deathOf(death: { act: ActKey; date: string; place: Place }, acts: Acts): DeathView {
  const facts = acts.death;
  const same = facts !== null && facts.date === death.date;
  return {
    date: death.date,
    ...(same && facts.time !== undefined && { time: facts.time }),
    ...(same && { hijri: facts.hijri }),
    place: death.place,
    act: death.act,
    ...(facts && { legalBasis: facts.legalBasis }),
    ...(facts?.noted && { drawnUp: facts.noted }),
  };
}

function registered(
  record: PersonRecord,
  p: FoldedPerson,
  acts: Acts,
  death: { act: ActKey; date: string; place: Place } | null,
): PersonRecordView {
  return {
    ...empty(record.idcs, death ? 'deceased' : 'alive', p, acts),
    name: record.name,
    previousNames: record.previousNames,
    sex: record.sex,
    birth: birthOf(record, acts),
    parents: parentsOf(record),
    maritalStatus: maritalStatusOf(record, death?.date ?? null),
    spouses: record.spouses.map((s) => withName(acts, s)),
    formerSpouses: record.endedMarriages.map((s) => withName(acts, s)),
    kafala: record.kafala,
    death: death ? deathOf(death, acts) : null,
  };
}

/** The full record; null when nothing is registered under the IDCS. */
export function personRecordView({ person: p, entries }: StoredRecord): PersonRecordView | null {
  const s = p.state;
  const acts = actsOf(entries);
  switch (s.status) {
    case 'unregistered':
      return null;
    case 'alive':
      return registered(s.record, p, acts, null);
    case 'deceased':
      return registered(s.record, p, acts, s.death);
    case 'pre-declared':
      return {
        ...empty(s.idcs, 'pre-declared', p, acts),
        sex: s.preDeclaration.sex,
        birth: { date: s.preDeclaration.born, place: null },
        preDeclaration: { facility: s.preDeclaration.facility, on: s.preDeclaration.on },
      };
    case 'unidentified-deceased':
      return {
        ...empty(s.idcs, 'unidentified-deceased', p, acts),
        death: deathOf(s.death, acts),
        identifiedAs: s.identifiedAs,
      };
    case 'annulled':
      return {
        ...empty(s.idcs, 'annulled', p, acts),
        annulment: {
          ...s.annulled,
          ...(acts.recordBefore && { recordBefore: acts.recordBefore }),
        },
      };
    default:
      return assertNever(s);
  }
}

/**
 * A partner administration's view, cut from the full one: no marginal notes, legal bases,
 * act references, kafala, spouses' identities or parents' IDCS.
 */
export function partnerView(full: PersonRecordView): PartnerRecordView {
  const parentName = (p: ParentLink | null) => (p ? { name: p.name } : null);
  return {
    idcs: full.idcs,
    status: full.status,
    name: full.name,
    sex: full.sex,
    birth: full.birth && {
      date: full.birth.date,
      ...(full.birth.time !== undefined && { time: full.birth.time }),
      ...(full.birth.hijri && { hijri: full.birth.hijri }),
      place: full.birth.place,
    },
    parents: full.parents && {
      father: parentName(full.parents.father),
      mother: parentName(full.parents.mother),
    },
    maritalStatus: full.maritalStatus,
    death: full.death && { date: full.death.date },
    asOf: full.asOf,
  };
}
