/**
 * The name index's tables in COPY's text format: new rows of a page, and everything a
 * rebuild writes.
 */
import { copyField, copyLine } from '../../src/projection/copy';
import type { Pair } from './pairs';
import { COLUMNS, type IndexRow } from './rows';

/** An array of identifiers or field names (no quoting needed: no commas, braces, quotes). */
const arrayField = (values: readonly string[] | null): string =>
  values === null ? '\\N' : copyField(`{${values.join(',')}}`);

/** A row's line, field by field (any value escaped as COPY needs). */
export function rowLineSlow(row: IndexRow): string {
  return copyLine(
    COLUMNS.map((c) => {
      const value = row[c];
      return Array.isArray(value) ? arrayField(value) : copyField(value);
    }),
  );
}

/** Nulls written in the line being made: its only backslashes, unless a value has some. */
let nulls = 0;
const t = (value: string | null): string => (value === null ? (nulls++, '\\N') : value);
const n = (value: number | null): string => (value === null ? (nulls++, '\\N') : String(value));

/**
 * A row's line. A rebuild writes a million of them: the fields are joined as they are, in
 * COLUMNS' order, and the line is checked once for what COPY must escape in a value (a
 * backslash: more of them than nulls written; a line break; a tab: one tab too many). The
 * rare line that has any is made again field by field.
 */
export function rowLine(r: IndexRow): string {
  nulls = 0;
  const line = `${r.idcs}\t${t(r.status)}\t${t(r.office)}\t${t(r.given_ar)}\t${t(r.given_lat)}\t${t(
    r.family_ar,
  )}\t${t(r.family_lat)}\t${t(r.given_ar_key)}\t${t(r.given_lat_key)}\t${t(r.family_ar_key)}\t${t(
    r.family_lat_key,
  )}\t${t(r.sex)}\t${t(r.birth_date)}\t${n(r.birth_year)}\t${t(r.commune)}\t${t(r.province)}\t${t(
    r.father_given_ar_key,
  )}\t${t(r.father_given_lat_key)}\t${t(r.father_family_ar_key)}\t${t(r.father_family_lat_key)}\t${t(
    r.mother_given_ar_key,
  )}\t${t(r.mother_given_lat_key)}\t${t(r.mother_family_ar_key)}\t${t(r.mother_family_lat_key)}\t${
    r.siblings === null ? t(null) : `{${r.siblings.join(',')}}`
  }\t${r.position}`;
  if (
    count(line, '\t') !== COLUMNS.length - 1 ||
    count(line, '\\') !== nulls ||
    line.includes('\n') ||
    line.includes('\r')
  )
    return rowLineSlow(r);
  return `${line}\n`;
}

function count(line: string, char: string): number {
  let found = 0;
  for (let at = line.indexOf(char); at !== -1; at = line.indexOf(char, at + 1)) found++;
  return found;
}

export const VARIANT_COLUMNS = ['ar_key', 'lat_key', 'persons'] as const;

export function variantLine(ar: string, lat: string, persons: number): string {
  return copyLine([copyField(ar), copyField(lat), String(persons)]);
}

export const PAIR_COLUMNS = [
  'idcs_a',
  'idcs_b',
  'score',
  'matched',
  'office_a',
  'office_b',
] as const;

export function pairLine(p: Pair): string {
  return copyLine([
    copyField(p.a.idcs),
    copyField(p.b.idcs),
    String(p.score),
    arrayField(p.matched),
    copyField(p.a.office),
    copyField(p.b.office),
  ]);
}
