/**
 * What an extract says, drawn from the person's events as they stood at the version the
 * extract reflects: the record folded by the domain (current names and dates, corrections
 * applied) and, for the details the fold does not keep (Hijri dates as written, the parents'
 * professions, the declarant), the act's own event.
 *
 * A summary (نسخة موجزة) shows the act as it now reads: the person, the birth in both
 * calendars, the father's and paternal grandfather's names, the mother's maiden name, and
 * the death. A full copy (نسخة كاملة) adds the parents' details, the declarant, the legal
 * basis, the act's drawing up and every marginal note, corrections with the value replaced.
 */
import {
  rebuildPerson,
  recordOf,
  toHijri,
  type ActDate,
  type ActKey,
  type BirthPlace,
  type BirthRegistered,
  type ExtractKind,
  type LegacyActDigitised,
  type LegalBasis,
  type ParentDetails,
  type PartialDate,
  type PersonEvent,
  type PersonName,
  type PersonRecord,
  type Sex,
  type TranscribedFullName,
  type TranscribedName,
} from '../domain';
import { marginalNote, type MarginalNote, type Spouses } from './notes';
import * as w from './wording';
import type { Bilingual } from './wording';

export interface SourceEvent {
  type: string;
  data: unknown;
  position: number;
  version: number;
}

export interface ExtractSource {
  idcs: string;
  /** The person's stream, up to the version the extract reflects. */
  events: readonly SourceEvent[];
  /** The father's father's given name, from the father's own record when it is linked. */
  grandfather: TranscribedName | null;
}

export interface ParentOnExtract {
  name: TranscribedFullName;
  idcs?: string;
  born?: { date?: PartialDate; place?: BirthPlace };
  profession?: string;
  address?: string;
}

export interface ExtractRecord {
  idcs: string;
  origin: 'registration' | 'legacy';
  act: ActKey;
  name: TranscribedFullName;
  sex: Sex | null;
  birth: {
    date: PartialDate | null;
    time?: string;
    hijri: (Partial<{ year: number; month: number; day: number }> & { source: string }) | null;
    place: BirthPlace | null;
    placeAsWritten?: string;
  };
  father: ParentOnExtract | null;
  mother: ParentOnExtract | null;
  notionalFatherGivenName?: PersonName;
  paternalGrandfather: TranscribedName | null;
  status: 'alive' | 'deceased';
  death?: { date: string; act: ActKey };
  /** Full copy only. */
  declarant?: { relation: string; name: TranscribedFullName };
  legalBasis?: LegalBasis;
  drawnUp?: { on: ActDate | { gregorian: string }; office: string };
}

export interface ExtractRow {
  key: string;
  label: Bilingual;
  value: Bilingual;
}

export interface ExtractBody {
  record: ExtractRecord;
  rows: ExtractRow[];
  /** Full copy only; empty on a summary. */
  notes: MarginalNote[];
}

export class NoBirthAct extends Error {}

export function extractBody(kind: ExtractKind, source: ExtractSource): ExtractBody {
  const events = source.events as readonly (SourceEvent & PersonEvent)[];
  const state = rebuildPerson(events);
  const record = recordOf(state);
  if (!record) throw new NoBirthAct(`${source.idcs} has no birth act in force`);
  const act = events.find(
    (e): e is SourceEvent & (BirthRegistered | LegacyActDigitised) =>
      e.type === 'BirthRegistered' || e.type === 'LegacyActDigitised',
  );
  if (!act) throw new NoBirthAct(`${source.idcs} has no birth act`);
  const full = kind === 'full-copy';
  const details = parentDetails(events);
  const extract: ExtractRecord = {
    idcs: record.idcs,
    origin: record.origin,
    act: record.birthAct,
    name: record.name,
    sex: record.sex,
    birth: birthOf(record, act),
    father: parent(record.father, full ? details.father : undefined),
    mother: parent(record.mother, full ? details.mother : undefined),
    ...(record.notionalFatherGivenName && {
      notionalFatherGivenName: record.notionalFatherGivenName,
    }),
    paternalGrandfather: source.grandfather,
    status: state.status === 'deceased' ? 'deceased' : 'alive',
    ...(state.status === 'deceased' && {
      death: { date: state.death.date, act: state.death.act },
    }),
    ...(full && act.type === 'BirthRegistered'
      ? {
          declarant: { relation: act.data.declarant.relation, name: act.data.declarant.name },
          legalBasis: act.data.legalBasis,
          drawnUp: { on: act.data.registered.on, office: act.data.act.office },
        }
      : {}),
    ...(full && act.type === 'LegacyActDigitised'
      ? {
          legalBasis: { kind: 'transcription' as const, source: 'registre papier' },
          drawnUp: {
            on: { gregorian: act.data.transcribedAt.slice(0, 10) },
            office: act.data.original.office,
          },
        }
      : {}),
  };
  return { record: extract, rows: rows(extract, full), notes: full ? notes(events, act) : [] };
}

function birthOf(record: PersonRecord, act: BirthRegistered | LegacyActDigitised) {
  const date = record.birthDate;
  let hijri: ExtractRecord['birth']['hijri'] = null;
  if (act.type === 'BirthRegistered' && act.data.child.born.gregorian === date) {
    hijri = act.data.child.born.hijri;
  } else if (act.type === 'LegacyActDigitised' && act.data.transcription.born?.hijri) {
    hijri = { ...act.data.transcription.born.hijri, source: 'as-written' };
  }
  // Rectified, or never written: the Umm al-Qura date of the day the act now gives.
  if (!hijri && date && date.length === 10) hijri = { ...toHijri(date), source: 'computed' };
  const asWritten =
    act.type === 'LegacyActDigitised' ? act.data.transcription.born?.placeAsWritten : undefined;
  return {
    date,
    ...(record.birthTime !== undefined && { time: record.birthTime }),
    hijri,
    place: record.birthPlace,
    ...(asWritten !== undefined && { placeAsWritten: asWritten }),
  };
}

/** Parents' details as the act (or a later recognition of paternity) gives them. */
function parentDetails(events: readonly PersonEvent[]) {
  let father: ParentDetails | undefined;
  let mother: ParentDetails | undefined;
  for (const e of events) {
    if (e.type === 'BirthRegistered') {
      father = e.data.father ?? undefined;
      mother = e.data.mother ?? undefined;
    } else if (e.type === 'PaternityRecognised') father = e.data.father;
  }
  return { father, mother };
}

function parent(
  link: PersonRecord['father'],
  details: ParentDetails | undefined,
): ParentOnExtract | null {
  if (!link) return null;
  return {
    name: link.name,
    ...(link.idcs !== undefined && { idcs: link.idcs }),
    ...(details?.born && { born: details.born }),
    ...(details?.profession !== undefined && { profession: details.profession }),
    ...(details?.address !== undefined && { address: details.address }),
  };
}

function rows(r: ExtractRecord, full: boolean): ExtractRow[] {
  const out: ExtractRow[] = [];
  const row = (key: string, ar: string, fr: string, value: Bilingual) =>
    out.push({ key, label: { ar, fr }, value });
  const same = (text: string): Bilingual => ({ ar: text, fr: text });
  const actRef = `${r.act.number}/${r.act.year} (${r.act.office}${r.act.volume ? `, ${r.act.volume}/${r.act.folio ?? ''}` : ''})`;
  row('act', 'رقم الرسم', 'Acte n°', same(actRef));
  row('idcs', 'المعرف الرقمي المدني والاجتماعي', 'Identifiant numérique (IDCS)', same(r.idcs));
  row('givenName', 'الاسم الشخصي', 'Prénom', w.personName(r.name.given));
  row('familyName', 'الاسم العائلي', 'Nom', w.personName(r.name.family));
  row('sex', 'الجنس', 'Sexe', w.sex(r.sex));
  row(
    'birthDate',
    'تاريخ الازدياد',
    'Date de naissance',
    w.withTime(w.gregorian(r.birth.date), w.time(r.birth.time)),
  );
  row(
    'birthDateHijri',
    'التاريخ الهجري',
    'Date hégirienne',
    r.birth.hijri
      ? w.hijri(r.birth.hijri, r.birth.hijri.source === 'computed' ? 'computed' : 'as-written')
      : w.NOT_STATED,
  );
  row(
    'birthPlace',
    'مكان الازدياد',
    'Lieu de naissance',
    w.place(r.birth.place, r.birth.placeAsWritten),
  );
  if (r.father) row('father', 'الأب', 'Père', w.fullName(r.father.name));
  else if (r.notionalFatherGivenName)
    row(
      'father',
      'اسم الأب (اختيار الأم)',
      'Prénom du père (choisi par la mère)',
      w.personName(r.notionalFatherGivenName),
    );
  else row('father', 'الأب', 'Père', w.NOT_STATED);
  row(
    'paternalGrandfather',
    'اسم الجد من جهة الأب',
    'Prénom du grand-père paternel',
    r.paternalGrandfather ? w.personName(r.paternalGrandfather) : w.NOT_STATED,
  );
  row(
    'mother',
    'الأم',
    'Mère (nom de jeune fille)',
    r.mother ? w.fullName(r.mother.name) : w.NOT_STATED,
  );
  if (full) {
    for (const [key, p, ar, fr] of [
      ['father', r.father, 'الأب', 'du père'],
      ['mother', r.mother, 'الأم', 'de la mère'],
    ] as const) {
      if (!p) continue;
      if (p.born?.date || p.born?.place) {
        const on = w.gregorian(p.born.date);
        const at = w.place(p.born.place);
        row(`${key}.born`, `ازدياد ${ar}`, `Naissance ${fr}`, {
          ar: `${on.ar}، ${at.ar}`,
          fr: `${on.fr}, ${at.fr}`,
        });
      }
      if (p.profession)
        row(`${key}.profession`, `مهنة ${ar}`, `Profession ${fr}`, same(p.profession));
      if (p.address) row(`${key}.address`, `عنوان ${ar}`, `Adresse ${fr}`, same(p.address));
    }
    if (r.declarant)
      row('declarant', 'المصرح', 'Déclarant', {
        ar: `${w.fullName(r.declarant.name).ar} (${w.declarant(r.declarant.relation).ar})`,
        fr: `${w.fullName(r.declarant.name).fr} (${w.declarant(r.declarant.relation).fr})`,
      });
    if (r.legalBasis) row('legalBasis', 'السند', 'Fondement', w.legalBasis(r.legalBasis));
    if (r.drawnUp) {
      const on = w.gregorian(r.drawnUp.on.gregorian);
      const h =
        'hijri' in r.drawnUp.on ? w.hijri(r.drawnUp.on.hijri, r.drawnUp.on.hijri.source) : null;
      row('drawnUp', 'تاريخ تحرير الرسم', 'Acte dressé le', {
        ar: `${on.ar}${h ? ` (${h.ar})` : ''}، ${r.drawnUp.office}`,
        fr: `${on.fr}${h ? ` (${h.fr})` : ''}, ${r.drawnUp.office}`,
      });
    }
  }
  if (r.death) {
    const on = w.gregorian(r.death.date);
    row('death', 'الوفاة', 'Décès', {
      ar: `${on.ar}، رسم عدد ${r.death.act.number}/${r.death.act.year} (${r.death.act.office})`,
      fr: `${on.fr}, acte n° ${r.death.act.number}/${r.death.act.year} (${r.death.act.office})`,
    });
  }
  return out;
}

function notes(
  events: readonly (SourceEvent & PersonEvent)[],
  act: BirthRegistered | LegacyActDigitised,
): MarginalNote[] {
  const out: MarginalNote[] = [];
  if (act.type === 'LegacyActDigitised') {
    const position = (act as unknown as SourceEvent).position;
    for (const text of act.data.transcription.marginalNotesAsWritten ?? [])
      out.push({
        position,
        type: 'AsWritten',
        on: act.data.transcribedAt.slice(0, 10),
        text: {
          ar: `(كما ورد في الرسم الورقي) ${text}`,
          fr: `(tel qu’écrit sur l’acte papier) ${text}`,
        },
      });
  }
  const spouses: Spouses = new Map();
  for (const e of events) {
    const note = marginalNote(e, act.data.idcs, spouses);
    if (note) out.push({ position: e.position, type: e.type, ...note });
  }
  return out;
}
