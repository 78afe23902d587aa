/**
 * Duplicate candidates' rules shared by the incremental `apply` and the rebuild: how many
 * block mates are compared, what the score reads of a row, and which pairs are kept.
 */
import {
  DUPLICATE_THRESHOLD,
  scorePair,
  type DuplicateScore,
  type ParentKeys,
  type PersonKeys,
} from '../../src/domain/names';
import { COLUMNS, type IndexRow } from './rows';

/**
 * A safety net, not a sample: at most this many persons of one exact block are compared
 * with a re-scored person. Blocks hold a few persons (a handful share a family name, a first
 * name and a year even among tens of millions), so it never binds in practice; it only
 * keeps a degenerate block (a placeholder name given to thousands) from stalling a page.
 */
export const BLOCK_LIMIT = 5000;

/** The index's columns the duplicate score does not read (names as written, status, position). */
const UNSCORED = [
  'status',
  'given_ar',
  'given_lat',
  'family_ar',
  'family_lat',
  'position',
] as const;
type ScoredColumn = Exclude<(typeof COLUMNS)[number], (typeof UNSCORED)[number]>;

/**
 * The columns the duplicate score reads, and the office a pair is listed under: the
 * index's others, in its order.
 */
export const SCORED_COLUMNS: readonly ScoredColumn[] = COLUMNS.filter(
  (c): c is ScoredColumn => !(UNSCORED as readonly string[]).includes(c),
);

export type ScoredRow = Pick<IndexRow, ScoredColumn>;

/** A parent's keys, or null when the act names no parent (the columns, not built names: hot). */
function parent(
  givenAr: string | null,
  givenLat: string | null,
  familyAr: string | null,
  familyLat: string | null,
): ParentKeys | null {
  return givenAr === null && givenLat === null && familyAr === null && familyLat === null
    ? null
    : { given: { ar: givenAr, lat: givenLat }, family: { ar: familyAr, lat: familyLat } };
}

/** What the domain's scores read of a row. */
export function personKeys(row: ScoredRow): PersonKeys {
  return {
    idcs: row.idcs,
    given: { ar: row.given_ar_key, lat: row.given_lat_key },
    family: { ar: row.family_ar_key, lat: row.family_lat_key },
    sex: row.sex === 'M' || row.sex === 'F' ? row.sex : null,
    birthDate: row.birth_date,
    commune: row.commune,
    province: row.province,
    father: parent(
      row.father_given_ar_key,
      row.father_given_lat_key,
      row.father_family_ar_key,
      row.father_family_lat_key,
    ),
    mother: parent(
      row.mother_given_ar_key,
      row.mother_given_lat_key,
      row.mother_family_ar_key,
      row.mother_family_lat_key,
    ),
    siblings: row.siblings ?? [],
  };
}

/** A pair kept for review: the two rows, the first by idcs. */
export interface Pair<Row extends ScoredRow = ScoredRow> extends DuplicateScore {
  a: Row;
  b: Row;
}

/**
 * Two persons of one block as a pair kept for review, or null when they score too low.
 * `kx` and `ky`: their keys, when the caller has them already.
 */
export function duplicatePair<Row extends ScoredRow>(
  x: Row,
  y: Row,
  kx: PersonKeys = personKeys(x),
  ky: PersonKeys = personKeys(y),
): Pair<Row> | null {
  const result = scorePair(kx, ky);
  if (!result || result.score < DUPLICATE_THRESHOLD) return null;
  const [a, b] = x.idcs < y.idcs ? [x, y] : [y, x];
  return { a, b, ...result };
}
