/**
 * The words of an extract, in Arabic (authoritative) and French: dates in both calendars,
 * places, names and legal bases. Digits are written as Morocco writes them, 0-9, in both
 * languages.
 */
import {
  isForeignPlace,
  type BirthPlace,
  type DeclarantRelation,
  type ExtractKind,
  type ExtractPurpose,
  type HijriDate,
  type LegalBasis,
  type RequesterRelation,
  type Sex,
  type TranscribedFullName,
  type TranscribedName,
} from '../domain';

export interface Bilingual {
  ar: string;
  fr: string;
}

const both = (ar: string, fr: string): Bilingual => ({ ar, fr });
export const NOT_STATED = both('غير مذكور', 'non mentionné');

// Moroccan month names (يناير … دجنبر), not the Levantine ones.
const MONTHS_AR = [
  'يناير',
  'فبراير',
  'مارس',
  'أبريل',
  'ماي',
  'يونيو',
  'يوليوز',
  'غشت',
  'شتنبر',
  'أكتوبر',
  'نونبر',
  'دجنبر',
];
const MONTHS_FR = [
  'janvier',
  'février',
  'mars',
  'avril',
  'mai',
  'juin',
  'juillet',
  'août',
  'septembre',
  'octobre',
  'novembre',
  'décembre',
];
const HIJRI_AR = [
  'محرم',
  'صفر',
  'ربيع الأول',
  'ربيع الآخر',
  'جمادى الأولى',
  'جمادى الآخرة',
  'رجب',
  'شعبان',
  'رمضان',
  'شوال',
  'ذو القعدة',
  'ذو الحجة',
];
const HIJRI_FR = [
  'mouharram',
  'safar',
  'rabii al-awal',
  'rabii at-tani',
  'joumada al-oula',
  'joumada at-tania',
  'rajab',
  'chaabane',
  'ramadan',
  'chaoual',
  'dou al-qiida',
  'dou al-hijja',
];

/** `YYYY`, `YYYY-MM` or `YYYY-MM-DD`, as the act gives it. */
export function gregorian(date: string | null | undefined): Bilingual {
  if (!date) return NOT_STATED;
  const [y, m, d] = date.split('-');
  if (!m) return both(`سنة ${y}`, `année ${y}`);
  const i = Number(m) - 1;
  const ar = `${MONTHS_AR[i]} ${y}`;
  const fr = `${MONTHS_FR[i]} ${y}`;
  return d ? both(`${Number(d)} ${ar}`, `${Number(d)} ${fr}`) : both(ar, fr);
}

/** A Hijri date as written (parts may be missing on old acts), or computed (Umm al-Qura). */
export function hijri(
  date: Partial<HijriDate> | undefined,
  source: 'as-written' | 'computed' = 'as-written',
): Bilingual {
  if (!date?.year) return NOT_STATED;
  const month = date.month ? Number(date.month) - 1 : -1;
  const arMonth = month >= 0 ? `${HIJRI_AR[month]} ` : '';
  const frMonth = month >= 0 ? `${HIJRI_FR[month]} ` : '';
  const day = date.day && month >= 0 ? `${date.day} ` : '';
  const computed = source === 'computed';
  return both(
    `${day}${arMonth}${date.year} هـ${computed ? ' (محسوب وفق تقويم أم القرى)' : ''}`,
    `${day}${frMonth}${date.year} H${computed ? ' (calculé, calendrier Umm al-Qura)' : ''}`,
  );
}

export function time(hhmm: string | undefined): Bilingual | null {
  if (!hhmm) return null;
  const [h, m] = hhmm.split(':');
  return both(`الساعة ${h}:${m}`, `${h} h ${m}`);
}

export function withTime(date: Bilingual, at: Bilingual | null): Bilingual {
  return at ? both(`${date.ar} على ${at.ar}`, `${date.fr} à ${at.fr}`) : date;
}

// Regions of the 2015 division (codes of the place model); provinces and communes by code.
const REGIONS: Record<string, Bilingual> = {
  '01': both('طنجة تطوان الحسيمة', 'Tanger-Tétouan-Al Hoceïma'),
  '02': both('الشرق', 'L’Oriental'),
  '03': both('فاس مكناس', 'Fès-Meknès'),
  '04': both('الرباط سلا القنيطرة', 'Rabat-Salé-Kénitra'),
  '05': both('بني ملال خنيفرة', 'Béni Mellal-Khénifra'),
  '06': both('الدار البيضاء سطات', 'Casablanca-Settat'),
  '07': both('مراكش آسفي', 'Marrakech-Safi'),
  '08': both('درعة تافيلالت', 'Drâa-Tafilalet'),
  '09': both('سوس ماسة', 'Souss-Massa'),
  '10': both('كلميم واد نون', 'Guelmim-Oued Noun'),
  '11': both('العيون الساقية الحمراء', 'Laâyoune-Sakia El Hamra'),
  '12': both('الداخلة وادي الذهب', 'Dakhla-Oued Ed-Dahab'),
};

const countryAr = new Intl.DisplayNames(['ar'], { type: 'region' });
const countryFr = new Intl.DisplayNames(['fr'], { type: 'region' });

export function place(p: BirthPlace | null | undefined, asWritten?: string): Bilingual {
  if (!p) return asWritten ? both(asWritten, asWritten) : NOT_STATED;
  if (isForeignPlace(p))
    return both(
      `${p.locality}، ${countryAr.of(p.country) ?? p.country}`,
      `${p.locality}, ${countryFr.of(p.country) ?? p.country}`,
    );
  const region = REGIONS[p.region] ?? both(p.region, p.region);
  return both(
    `الجماعة ${p.commune}، الإقليم ${p.province}، جهة ${region.ar}`,
    `commune ${p.commune}, province ${p.province}, région ${region.fr}`,
  );
}

export function sex(s: Sex | null): Bilingual {
  if (s === 'M') return both('ذكر', 'masculin');
  if (s === 'F') return both('أنثى', 'féminin');
  return NOT_STATED;
}

/** Arabic from the Arabic form (the Latin when an old act has none), French from the Latin. */
export function personName(n: TranscribedName | undefined): Bilingual {
  const ar = n?.ar ?? n?.lat;
  const fr = n?.lat ?? n?.ar;
  return ar && fr ? both(ar, fr) : NOT_STATED;
}

export function fullName(n: TranscribedFullName | null | undefined): Bilingual {
  if (!n) return NOT_STATED;
  const given = personName(n.given);
  const family = personName(n.family);
  return both(`${given.ar} ${family.ar}`, `${given.fr} ${family.fr}`);
}

export function legalBasis(b: LegalBasis): Bilingual {
  switch (b.kind) {
    case 'declaration':
      return both('تصريح', 'déclaration');
    case 'judgment':
      return both(
        `حكم ${b.court} عدد ${b.reference} بتاريخ ${gregorian(b.date).ar}`,
        `jugement du ${b.court} n° ${b.reference} du ${gregorian(b.date).fr}`,
      );
    case 'authorisation':
      return both(
        `إذن ${b.authority} عدد ${b.reference} بتاريخ ${gregorian(b.date).ar}`,
        `autorisation de ${b.authority} n° ${b.reference} du ${gregorian(b.date).fr}`,
      );
    case 'act':
      return both(
        `عقد ${b.authority} عدد ${b.reference} بتاريخ ${gregorian(b.date).ar}`,
        `acte de ${b.authority} n° ${b.reference} du ${gregorian(b.date).fr}`,
      );
    case 'police-report':
      return both(
        `محضر ${b.authority} عدد ${b.reference} بتاريخ ${gregorian(b.date).ar}`,
        `procès-verbal de ${b.authority} n° ${b.reference} du ${gregorian(b.date).fr}`,
      );
    case 'transcription':
      return both(`نقل من ${b.source}`, `transcription de ${b.source}`);
  }
}

export function title(kind: ExtractKind): Bilingual {
  return kind === 'full-copy'
    ? both('نسخة كاملة من رسم الولادة', 'Copie intégrale d’acte de naissance')
    : both('نسخة موجزة من رسم الولادة', 'Extrait d’acte de naissance');
}

const RELATIONS: Record<RequesterRelation, Bilingual> = {
  self: both('المعني بالأمر', 'l’intéressé(e)'),
  father: both('الأب', 'le père'),
  mother: both('الأم', 'la mère'),
  ascendant: both('أحد الأصول', 'un ascendant'),
  child: both('أحد الأبناء', 'un enfant'),
  descendant: both('أحد الفروع', 'un descendant'),
  spouse: both('الزوج(ة)', 'le conjoint'),
  'prosecutor-authorised': both('بإذن من النيابة العامة', 'sur autorisation du parquet'),
  'third-party': both('الغير', 'un tiers'),
};
export const relation = (r: RequesterRelation): Bilingual => RELATIONS[r];

const DECLARANTS: Record<DeclarantRelation, Bilingual> = {
  father: both('الأب', 'le père'),
  mother: both('الأم', 'la mère'),
  'testamentary-guardian': both('الوصي', 'le tuteur testamentaire'),
  brother: both('الأخ', 'le frère'),
  nephew: both('ابن الأخ', 'le neveu'),
  'public-prosecutor': both('النيابة العامة', 'le ministère public'),
  self: both('المعني بالأمر', 'l’intéressé(e)'),
};
/** The declarant's relation to the child; one added later to the domain shows as written. */
export const declarant = (r: string): Bilingual => DECLARANTS[r as DeclarantRelation] ?? both(r, r);

const PURPOSES: Record<ExtractPurpose, Bilingual> = {
  'marriage-file': both('إعداد ملف الزواج', 'constitution d’un dossier de mariage'),
  administrative: both('غرض إداري', 'usage administratif'),
  judicial: both('غرض قضائي', 'usage judiciaire'),
  'identity-document': both('وثيقة تعريف', 'document d’identité'),
  personal: both('استعمال شخصي', 'usage personnel'),
};
export const purpose = (p: ExtractPurpose): Bilingual => PURPOSES[p];

const FIELD_LABELS: Record<string, Bilingual> = {
  'givenName.ar': both('الاسم الشخصي (بالعربية)', 'prénom (arabe)'),
  'givenName.lat': both('الاسم الشخصي (بالحروف اللاتينية)', 'prénom (latin)'),
  'givenName.tfng': both('الاسم الشخصي (بتيفيناغ)', 'prénom (tifinagh)'),
  'familyName.ar': both('الاسم العائلي (بالعربية)', 'nom (arabe)'),
  'familyName.lat': both('الاسم العائلي (بالحروف اللاتينية)', 'nom (latin)'),
  'familyName.tfng': both('الاسم العائلي (بتيفيناغ)', 'nom (tifinagh)'),
  sex: both('الجنس', 'sexe'),
  birthDate: both('تاريخ الازدياد', 'date de naissance'),
  birthTime: both('ساعة الازدياد', 'heure de naissance'),
  'father.givenName.ar': both('الاسم الشخصي للأب', 'prénom du père (arabe)'),
  'father.givenName.lat': both('الاسم الشخصي للأب (لاتيني)', 'prénom du père (latin)'),
  'father.familyName.ar': both('الاسم العائلي للأب', 'nom du père (arabe)'),
  'father.familyName.lat': both('الاسم العائلي للأب (لاتيني)', 'nom du père (latin)'),
  'mother.givenName.ar': both('الاسم الشخصي للأم', 'prénom de la mère (arabe)'),
  'mother.givenName.lat': both('الاسم الشخصي للأم (لاتيني)', 'prénom de la mère (latin)'),
  'mother.familyName.ar': both('الاسم العائلي للأم', 'nom de la mère (arabe)'),
  'mother.familyName.lat': both('الاسم العائلي للأم (لاتيني)', 'nom de la mère (latin)'),
  'father.idcs': both('المعرف الرقمي للأب', 'identifiant du père'),
  'mother.idcs': both('المعرف الرقمي للأم', 'identifiant de la mère'),
  deathDate: both('تاريخ الوفاة', 'date de décès'),
};

/** A rectifiable field's name; one the wording does not know yet is shown as its path. */
export const field = (path: string): Bilingual => FIELD_LABELS[path] ?? both(path, path);
