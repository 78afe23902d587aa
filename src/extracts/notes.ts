/**
 * Marginal notes as a full copy prints them: one bilingual sentence per note, in the order
 * they were written on the act. A correction shows the value it replaced (nothing is ever
 * erased from an act).
 */
import type {
  DivorceKind,
  KafalaEndReason,
  Kafil,
  PersonEvent,
  RectifiableField,
  Sex,
  TranscribedFullName,
} from '../domain';
import {
  fullName,
  gregorian,
  legalBasis,
  field,
  personName,
  sex as sexWords,
  type Bilingual,
} from './wording';

export interface MarginalNote {
  /** The event's global position: the note's place in the register's history. */
  position: number;
  type: string;
  /** The day the note was written. */
  on: string;
  text: Bilingual;
}

const DIVORCE: Record<DivorceKind, Bilingual> = {
  talaq: { ar: 'طلاق', fr: 'divorce sous contrôle judiciaire (talaq)' },
  tatliq: { ar: 'تطليق', fr: 'divorce judiciaire (tatliq)' },
  khul: { ar: 'طلاق خلعي', fr: 'divorce par khol’' },
  'mutual-consent': { ar: 'طلاق اتفاقي', fr: 'divorce par consentement mutuel' },
};

const KAFALA_END: Record<KafalaEndReason, Bilingual> = {
  majority: { ar: 'بلوغ سن الرشد', fr: 'majorité' },
  revoked: { ar: 'إلغاء الكفالة', fr: 'révocation' },
  'kafil-deceased': { ar: 'وفاة الكافل', fr: 'décès du kafil' },
  other: { ar: 'سبب آخر', fr: 'autre motif' },
};

function kafil(k: Kafil): Bilingual {
  switch (k.kind) {
    case 'couple': {
      const h = fullName(k.husband.name);
      const w = fullName(k.wife.name);
      return { ar: `الزوجين ${h.ar} و${w.ar}`, fr: `aux époux ${h.fr} et ${w.fr}` };
    }
    case 'woman': {
      const n = fullName(k.woman.name);
      return { ar: `السيدة ${n.ar}`, fr: `à Mme ${n.fr}` };
    }
    case 'institution':
      return { ar: `مؤسسة ${k.name}`, fr: `à l’établissement ${k.name}` };
  }
}

function fieldValue(f: RectifiableField, value: string | null): Bilingual {
  if (value === null) return { ar: '(لا شيء)', fr: '(néant)' };
  if (f === 'sex') return sexWords(value as Sex);
  if (f === 'birthDate' || f === 'deathDate') return gregorian(value);
  return { ar: value, fr: value };
}

/** Names of the spouses by marriage id, from the marriage notes met so far. */
export type Spouses = Map<string, { idcs: string; name: TranscribedFullName }[]>;

const spouseOf = (spouses: Spouses, marriageId: string, self: string) =>
  fullName(spouses.get(marriageId)?.find((s) => s.idcs !== self)?.name);

/** The note an event writes on the birth act, or null for the act itself. */
export function marginalNote(
  event: PersonEvent,
  idcs: string,
  spouses: Spouses,
): { on: string; text: Bilingual } | null {
  switch (event.type) {
    case 'MarriageNoted': {
      const d = event.data;
      spouses.set(d.marriageId, [d.husband, d.wife]);
      const spouse = fullName(d.husband.idcs === idcs ? d.wife.name : d.husband.name);
      const on = gregorian(d.date.gregorian);
      const basis = legalBasis(d.contract);
      return {
        on: d.noted.on.gregorian,
        text: {
          ar: `زواج مع ${spouse.ar} بتاريخ ${on.ar}، ${basis.ar}`,
          fr: `Mariage avec ${spouse.fr} le ${on.fr}, ${basis.fr}`,
        },
      };
    }
    case 'DivorceNoted': {
      const d = event.data;
      const spouse = spouseOf(spouses, d.marriageId, idcs);
      const on = gregorian(d.date.gregorian);
      const basis = legalBasis(d.legalBasis);
      const kind = DIVORCE[d.kind];
      return {
        on: d.noted.on.gregorian,
        text: {
          ar: `${kind.ar} من ${spouse.ar} بتاريخ ${on.ar}، ${basis.ar}`,
          fr: `Dissolution du mariage avec ${spouse.fr} par ${kind.fr} le ${on.fr}, ${basis.fr}`,
        },
      };
    }
    case 'MarriageDissolvedByDeath': {
      const d = event.data;
      const spouse = spouseOf(spouses, d.marriageId, idcs);
      const on = gregorian(d.on);
      return {
        on: d.on,
        text: {
          ar: `انحلال الزواج بوفاة الزوج(ة) ${spouse.ar} بتاريخ ${on.ar}`,
          fr: `Mariage dissous par le décès du conjoint ${spouse.fr} le ${on.fr}`,
        },
      };
    }
    case 'DeathRegistered': {
      const d = event.data;
      const on = gregorian(d.died.gregorian);
      const act = `${d.act.number}/${d.act.year} (${d.act.office})`;
      return {
        on: d.registered.on.gregorian,
        text: {
          ar: `وفاة بتاريخ ${on.ar}، رسم الوفاة عدد ${act}`,
          fr: `Décédé(e) le ${on.fr}, acte de décès n° ${act}`,
        },
      };
    }
    case 'PaternityRecognised': {
      const d = event.data;
      const father = fullName(d.father.name);
      const basis = legalBasis(d.legalBasis);
      const name = d.newFamilyName ? personName(d.newFamilyName) : null;
      return {
        on: d.noted.on.gregorian,
        text: {
          ar: `إقرار بالبنوة من طرف ${father.ar}، ${basis.ar}${name ? `؛ الاسم العائلي الجديد: ${name.ar}` : ''}`,
          fr: `Reconnaissance de paternité par ${father.fr}, ${basis.fr}${name ? ` ; nouveau nom : ${name.fr}` : ''}`,
        },
      };
    }
    case 'KafalaNoted': {
      const d = event.data;
      const to = kafil(d.kafil);
      const order = legalBasis({ kind: 'judgment', ...d.order });
      return {
        on: d.noted.on.gregorian,
        text: {
          ar: `كفالة أسندت إلى ${to.ar}، ${order.ar}`,
          fr: `Kafala confiée ${to.fr}, ${order.fr}`,
        },
      };
    }
    case 'KafalaEnded': {
      const d = event.data;
      const on = gregorian(d.date);
      const why = KAFALA_END[d.reason];
      return {
        on: d.noted.on.gregorian,
        text: {
          ar: `انتهاء الكفالة (${why.ar}) بتاريخ ${on.ar}`,
          fr: `Fin de la kafala (${why.fr}) le ${on.fr}`,
        },
      };
    }
    case 'NameChanged': {
      const d = event.data;
      const [from, to] = [fullName(d.previous), fullName(d.name)];
      const basis = legalBasis(d.legalBasis);
      return {
        on: d.noted.on.gregorian,
        text: {
          ar: `تغيير الاسم من ${from.ar} إلى ${to.ar}، ${basis.ar}`,
          fr: `Changement de nom : ${from.fr} devient ${to.fr}, ${basis.fr}`,
        },
      };
    }
    case 'RectificationNoted': {
      const d = event.data;
      const [what, from, to] = [
        field(d.field),
        fieldValue(d.field, d.oldValue),
        fieldValue(d.field, d.newValue),
      ];
      const basis = legalBasis(d.legalBasis);
      return {
        on: d.noted.on.gregorian,
        text: {
          ar: `تصحيح ${what.ar} من «${from.ar}» إلى «${to.ar}»، ${basis.ar}`,
          fr: `Rectification (${what.fr}) : « ${from.fr} » devient « ${to.fr} », ${basis.fr}`,
        },
      };
    }
    case 'ActAnnulled': {
      const d = event.data;
      const basis = legalBasis(d.legalBasis);
      const act =
        d.act === 'death' ? { ar: 'الوفاة', fr: 'décès' } : { ar: 'الولادة', fr: 'naissance' };
      return {
        on: d.noted.on.gregorian,
        text: {
          ar: `إلغاء رسم ${act.ar}، ${basis.ar}`,
          fr: `Annulation de l’acte de ${act.fr}, ${basis.fr}`,
        },
      };
    }
    case 'MarriageFileExtractNoted': {
      const d = event.data;
      const on = gregorian(d.noted.on.gregorian);
      return {
        on: d.noted.on.gregorian,
        text: {
          ar: `سلمت نسخة من هذا الرسم لإعداد ملف الزواج بتاريخ ${on.ar} (الرمز ${d.extractCode})`,
          fr: `Extrait délivré pour un dossier de mariage le ${on.fr} (code ${d.extractCode})`,
        },
      };
    }
    case 'BirthPreDeclared':
    case 'BirthRegistered':
    case 'LegacyActDigitised':
      return null; // the act itself
    case 'UnidentifiedDeathRegistered':
    case 'DeceasedIdentified':
      return null; // an unidentified body's record: no birth act to note on
    default:
      // An event type added after this code (read from a newer log): not printed.
      return null;
  }
}
