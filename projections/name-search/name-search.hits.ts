/**
 * What a name search reads of a person and what its reply shows: the keys a candidate is
 * ranked on, and the columns of a hit. Shared by the general search and the exact path.
 */
import type { NameQuery, PersonKeys, Ranked, Script, SearchCriteria } from '../../src/domain/names';
import type { IndexRow } from './rows';

export const SHOWN = [
  'idcs',
  'status',
  'office',
  'given_ar',
  'given_lat',
  'family_ar',
  'family_lat',
  'sex',
  'birth_date',
  'commune',
  'province',
] as const satisfies readonly (keyof IndexRow)[];

export type ShownRow = Pick<IndexRow, (typeof SHOWN)[number]>;

export interface SearchHit {
  idcs: string;
  score: number;
  matched: Ranked['matched'];
  status: string;
  name: {
    given: { ar?: string; lat?: string };
    family: { ar?: string; lat?: string };
  };
  sex: string | null;
  birthDate: string | null;
  birthPlace: { commune: string | null; province: string | null };
  office: string;
}

/** A candidate's keys in the query's script, and the other criteria's columns when asked. */
export interface CandidateKeys {
  idcs: string;
  given: string | null;
  family: string | null;
  sex?: string | null;
  birth_date?: string | null;
  commune?: string | null;
  province?: string | null;
  father_given?: string | null;
  father_family?: string | null;
  mother_given?: string | null;
  mother_family?: string | null;
}

/**
 * A query's readings all have a first name or none has (one word), so each statement
 * probes one way: a UNION of both, each branch guarded by the reading, cost PostgreSQL a
 * third more per search.
 */
export const withFirstNames = (name: NameQuery) => name.readings[0]!.given !== null;

const inScript = (script: Script | undefined, key: string | null | undefined) =>
  script === 'ar' ? { ar: key ?? null, lat: null } : { ar: null, lat: key ?? null };

/** What the ranking reads of a candidate: its keys in the scripts the query's names are in. */
export function keysOf(row: CandidateKeys, criteria: SearchCriteria): PersonKeys {
  const { script } = criteria.name;
  const parent = (
    query: NameQuery | undefined,
    given: string | null | undefined,
    family: string | null | undefined,
  ) =>
    given == null && family == null
      ? null
      : { given: inScript(query?.script, given), family: inScript(query?.script, family) };
  return {
    idcs: row.idcs,
    given: inScript(script, row.given),
    family: inScript(script, row.family),
    sex: row.sex === 'M' || row.sex === 'F' ? row.sex : null,
    birthDate: row.birth_date ?? null,
    commune: row.commune ?? null,
    province: row.province ?? null,
    father: parent(criteria.father, row.father_given, row.father_family),
    mother: parent(criteria.mother, row.mother_given, row.mother_family),
    siblings: [],
  };
}

export const written = (ar: string | null, lat: string | null) => ({
  ...(ar !== null && { ar }),
  ...(lat !== null && { lat }),
});

export function hit(row: ShownRow, ranked: Ranked): SearchHit {
  return {
    idcs: row.idcs,
    score: ranked.score,
    matched: ranked.matched,
    status: row.status,
    name: {
      given: written(row.given_ar, row.given_lat),
      family: written(row.family_ar, row.family_lat),
    },
    sex: row.sex,
    birthDate: row.birth_date,
    birthPlace: { commune: row.commune, province: row.province },
    office: row.office,
  };
}
