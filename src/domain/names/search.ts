/**
 * Name search, the pure part: reading a query, and ranking a candidate the read model found
 * against it. The read model finds candidates through keys; this says how well each fits.
 */
import { daysBetween } from '../shared/dates';
import type { PersonKeys, ParentKeys } from './duplicates';
import {
  readingsOf,
  scriptOf,
  similarity,
  wordsOf,
  type NameKeys,
  type Reading,
  type Script,
} from './keys';

/** At most this many words in a name query: every cut of them is a reading. */
export const MAX_QUERY_WORDS = 6;

export interface NameQuery {
  script: Script;
  words: string[];
  readings: Reading[];
}

/** A query's name, or why it cannot be searched. */
export function parseNameQuery(text: string): NameQuery | { error: string } {
  const script = scriptOf(text);
  if (!script) return { error: 'must hold a name in Arabic or Latin letters' };
  const words = wordsOf(text, script);
  if (words.length === 0) return { error: 'must hold a name in Arabic or Latin letters' };
  if (words.length > MAX_QUERY_WORDS) return { error: `at most ${MAX_QUERY_WORDS} words` };
  return { script, words, readings: readingsOf(words, script) };
}

export interface SearchCriteria {
  name: NameQuery;
  sex?: 'M' | 'F';
  birthYear?: number;
  /** YYYY-MM-DD. */
  birthDate?: string;
  /** A commune or province code. */
  place?: string;
  father?: NameQuery;
  mother?: NameQuery;
}

export type SearchMatch =
  'name' | 'sex' | 'birthDate' | 'birthYear' | 'birthPlace' | 'fatherName' | 'motherName';

export interface Ranked {
  /** 0 to 1, three decimals. */
  score: number;
  matched: SearchMatch[];
}

/** A query's key against a name's key in the query's script: null when the act lacks it. */
function keyFit(script: Script, key: string, name: NameKeys): number | null {
  const other = name[script];
  if (other === null) return null;
  return key === other ? 1 : similarity(key, other);
}

/**
 * How well a person's name fits the query, 0 to 1: the best reading, the first name and
 * the family name weighing alike. `crossScript` is the similarity the read model found for
 * a person known in the other script only (through the names written in both).
 */
export function nameFit(query: NameQuery, person: PersonKeys, crossScript = 0): number {
  let best = 0;
  for (const reading of query.readings) {
    const family = keyFit(query.script, reading.family, person.family);
    if (family === null) continue;
    if (reading.given === null) {
      best = Math.max(best, family);
      continue;
    }
    const given = keyFit(query.script, reading.given, person.given) ?? 0;
    best = Math.max(best, Math.sqrt(given * family));
  }
  return Math.max(best, crossScript);
}

/** How well a parent's name, as a query gives it, fits the parent on the act: 0 to 1. */
export function parentFit(query: NameQuery, parent: ParentKeys | null): number {
  if (!parent) return 0;
  let best = 0;
  for (const reading of query.readings) {
    if (reading.given === null) {
      // One word: the parent's first name (the family name is usually the child's).
      best = Math.max(best, keyFit(query.script, reading.family, parent.given) ?? 0);
      continue;
    }
    const given = keyFit(query.script, reading.given, parent.given) ?? 0;
    const family = keyFit(query.script, reading.family, parent.family) ?? 0;
    best = Math.max(best, (given + family) / 2);
  }
  return best;
}

function birthDateFit(wanted: string, date: string | null): number {
  if (!date) return 0;
  if (date.length === 10) {
    const days = Math.abs(daysBetween(wanted, date));
    if (days === 0) return 1;
    if (days <= 7) return 0.7;
    if (days <= 31) return 0.4;
    return date.slice(0, 4) === wanted.slice(0, 4) ? 0.2 : 0;
  }
  // The act gives a month or a year only: it agrees as far as it goes.
  if (date.length === 7) return date === wanted.slice(0, 7) ? 0.8 : 0;
  return date === wanted.slice(0, 4) ? 0.6 : 0;
}

function birthYearFit(wanted: number, date: string | null): number {
  if (!date) return 0;
  const gap = Math.abs(Number(date.slice(0, 4)) - wanted);
  return gap === 0 ? 1 : gap === 1 ? 0.5 : gap === 2 ? 0.25 : 0;
}

/**
 * The candidate's score: the name fit alone when the query gives nothing else; otherwise
 * 60 % name, 40 % the mean fit of the other criteria given.
 */
export function rank(criteria: SearchCriteria, person: PersonKeys, crossScript = 0): Ranked {
  const name = nameFit(criteria.name, person, crossScript);
  const matched: SearchMatch[] = name >= 0.8 ? ['name'] : [];
  const fits: number[] = [];
  const fit = (value: number, field: SearchMatch) => {
    fits.push(value);
    if (value >= 0.8) matched.push(field);
  };
  if (criteria.sex) fit(person.sex === criteria.sex ? 1 : person.sex === null ? 0.5 : 0, 'sex');
  if (criteria.birthDate) fit(birthDateFit(criteria.birthDate, person.birthDate), 'birthDate');
  if (criteria.birthYear !== undefined)
    fit(birthYearFit(criteria.birthYear, person.birthDate), 'birthYear');
  if (criteria.place)
    fit(
      person.commune === criteria.place ? 1 : person.province === criteria.place ? 0.7 : 0,
      'birthPlace',
    );
  if (criteria.father) fit(parentFit(criteria.father, person.father), 'fatherName');
  if (criteria.mother) fit(parentFit(criteria.mother, person.mother), 'motherName');
  const others = fits.length === 0 ? null : fits.reduce((a, b) => a + b, 0) / fits.length;
  const score = others === null ? name : 0.6 * name + 0.4 * others;
  return { score: Math.round(score * 1000) / 1000, matched };
}
