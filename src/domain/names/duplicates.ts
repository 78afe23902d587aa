/**
 * How likely two acts are the same person registered twice: a score from the names, the
 * date of birth, the parents' names, sex and place, and the fields that agreed. Symmetric,
 * so a pair scores the same whichever act came first.
 *
 * Twins decision: two acts whose first names clearly differ are not duplicates, whatever
 * else agrees (same parents, same day, same place is exactly what twins and triplets look
 * like). Their score is capped below the threshold, and the declared siblings of a
 * multiple birth are never paired at all. The price: a child declared twice under two
 * different first names is not flagged here; it needs another signal (two declarants).
 */
import { daysBetween } from '../shared/dates';
import { nameAgreement, type NameKeys } from './keys';

/** What the name index holds of a person, as the duplicate score reads it. */
export interface PersonKeys {
  idcs: string;
  given: NameKeys;
  family: NameKeys;
  sex: 'M' | 'F' | null;
  /** As the act writes it: YYYY, YYYY-MM or YYYY-MM-DD. */
  birthDate: string | null;
  commune: string | null;
  province: string | null;
  father: ParentKeys | null;
  mother: ParentKeys | null;
  /** The other children of the same multiple birth, as declared. */
  siblings: readonly string[];
}

export interface ParentKeys {
  given: NameKeys;
  family: NameKeys;
}

export type MatchedField =
  | 'givenName'
  | 'familyName'
  | 'sex'
  | 'birthDate'
  | 'birthDateNear'
  | 'birthMonth'
  | 'birthYear'
  | 'fatherName'
  | 'motherName'
  | 'birthPlace'
  | 'birthProvince';

export interface DuplicateScore {
  /** 0 to 1, three decimals. */
  score: number;
  matched: MatchedField[];
}

/** Pairs at or above this score are kept for review. */
export const DUPLICATE_THRESHOLD = 0.7;
/** First names agreeing less than this are different names (twins, siblings). */
export const SAME_GIVEN_NAME = 0.5;
const CAP_DIFFERENT_GIVEN = 0.45;

const POINTS = {
  given: 30,
  family: 15,
  sex: 5,
  sexDiffers: -25,
  birthDate: 25,
  birthDateWeek: 15,
  birthDateMonth: 8,
  birthMonth: 12,
  birthYear: 10,
  fatherGiven: 8,
  motherGiven: 8,
  motherFamily: 5,
  parentDiffers: -15,
  commune: 7,
  province: 3,
};
const MAX = 103;

const agrees = (x: number | null): x is number => x !== null && x >= 0.8;

function birth(a: string, b: string): { points: number; field: MatchedField } | null {
  if (a.length === 10 && b.length === 10) {
    const days = Math.abs(daysBetween(a, b));
    if (days === 0) return { points: POINTS.birthDate, field: 'birthDate' };
    if (days <= 7) return { points: POINTS.birthDateWeek, field: 'birthDateNear' };
    if (days <= 31) return { points: POINTS.birthDateMonth, field: 'birthDateNear' };
    return null;
  }
  if (a.length >= 7 && b.length >= 7)
    return a.slice(0, 7) === b.slice(0, 7)
      ? { points: POINTS.birthMonth, field: 'birthMonth' }
      : null;
  return a.slice(0, 4) === b.slice(0, 4) ? { points: POINTS.birthYear, field: 'birthYear' } : null;
}

/** The pair's score, or null when the acts declare each other as siblings of one birth. */
export function scorePair(a: PersonKeys, b: PersonKeys): DuplicateScore | null {
  if (a.idcs === b.idcs || a.siblings.includes(b.idcs) || b.siblings.includes(a.idcs)) return null;
  const matched: MatchedField[] = [];
  let points = 0;
  const add = (n: number, field?: MatchedField) => {
    points += n;
    if (field) matched.push(field);
  };

  const given = nameAgreement(a.given, b.given);
  if (given !== null && given >= SAME_GIVEN_NAME)
    add(POINTS.given * given, agrees(given) ? 'givenName' : undefined);
  const family = nameAgreement(a.family, b.family);
  if (family !== null) add(POINTS.family * family, agrees(family) ? 'familyName' : undefined);
  if (a.sex && b.sex)
    add(a.sex === b.sex ? POINTS.sex : POINTS.sexDiffers, a.sex === b.sex ? 'sex' : undefined);
  if (a.birthDate && b.birthDate) {
    const agreed = birth(a.birthDate, b.birthDate);
    if (agreed) add(agreed.points, agreed.field);
  }
  // Parents named on both acts: the same names count for, clearly different ones against
  // (namesakes born the same day are common; namesakes with the same mother are not).
  const father = a.father && b.father ? nameAgreement(a.father.given, b.father.given) : null;
  if (agrees(father)) add(POINTS.fatherGiven, 'fatherName');
  else if (father !== null && father < SAME_GIVEN_NAME) add(POINTS.parentDiffers);
  if (a.mother && b.mother) {
    const mother = nameAgreement(a.mother.given, b.mother.given);
    if (agrees(mother)) {
      const sameFamily = agrees(nameAgreement(a.mother.family, b.mother.family));
      add(POINTS.motherGiven + (sameFamily ? POINTS.motherFamily : 0), 'motherName');
    } else if (mother !== null && mother < SAME_GIVEN_NAME) add(POINTS.parentDiffers);
  }
  if (a.commune && a.commune === b.commune) add(POINTS.commune, 'birthPlace');
  else if (a.province && a.province === b.province) add(POINTS.province, 'birthProvince');

  let score = Math.max(0, Math.min(1, points / MAX));
  if (given !== null && given < SAME_GIVEN_NAME) score = Math.min(score, CAP_DIFFERENT_GIVEN);
  return { score: Math.round(score * 1000) / 1000, matched };
}
