/**
 * The name index's rows, and how each event changes them. Pure: the projection loads the
 * rows a page touches, folds the page's events into them here, and writes them back.
 */
import type {
  ActAnnulled,
  BirthPlace,
  BirthRegistered,
  DeathRegistered,
  DeceasedIdentified,
  LegacyActDigitised,
  NameChanged,
  PaternityRecognised,
  RectificationNoted,
  TranscribedName,
} from '../../src/domain';
import { keysOf, type NameKeys } from '../../src/domain/names';

/** A row of name_search, by column name. */
export interface IndexRow {
  idcs: string;
  status: 'alive' | 'deceased' | 'unidentified-deceased';
  office: string;
  given_ar: string | null;
  given_lat: string | null;
  family_ar: string | null;
  family_lat: string | null;
  given_ar_key: string | null;
  given_lat_key: string | null;
  family_ar_key: string | null;
  family_lat_key: string | null;
  sex: string | null;
  birth_date: string | null;
  birth_year: number | null;
  commune: string | null;
  province: string | null;
  father_given_ar_key: string | null;
  father_given_lat_key: string | null;
  father_family_ar_key: string | null;
  father_family_lat_key: string | null;
  mother_given_ar_key: string | null;
  mother_given_lat_key: string | null;
  mother_family_ar_key: string | null;
  mother_family_lat_key: string | null;
  siblings: string[] | null;
  position: number;
}

export const COLUMNS = [
  'idcs',
  'status',
  'office',
  'given_ar',
  'given_lat',
  'family_ar',
  'family_lat',
  'given_ar_key',
  'given_lat_key',
  'family_ar_key',
  'family_lat_key',
  'sex',
  'birth_date',
  'birth_year',
  'commune',
  'province',
  'father_given_ar_key',
  'father_given_lat_key',
  'father_family_ar_key',
  'father_family_lat_key',
  'mother_given_ar_key',
  'mother_given_lat_key',
  'mother_family_ar_key',
  'mother_family_lat_key',
  'siblings',
  'position',
] as const satisfies readonly (keyof IndexRow)[];

export type NameEvent =
  | BirthRegistered
  | LegacyActDigitised
  | NameChanged
  | RectificationNoted
  | PaternityRecognised
  | DeathRegistered
  | DeceasedIdentified
  | ActAnnulled;

export const NAME_EVENT_TYPES: ReadonlySet<NameEvent['type']> = new Set([
  'BirthRegistered',
  'LegacyActDigitised',
  'NameChanged',
  'RectificationNoted',
  'PaternityRecognised',
  'DeathRegistered',
  'DeceasedIdentified',
  'ActAnnulled',
]);

type Names = { given?: TranscribedName; family?: TranscribedName } | null | undefined;

type OwnName = Pick<
  IndexRow,
  | 'given_ar'
  | 'given_lat'
  | 'family_ar'
  | 'family_lat'
  | 'given_ar_key'
  | 'given_lat_key'
  | 'family_ar_key'
  | 'family_lat_key'
>;

function ownName(names: Names): OwnName {
  const given = keysOf(names?.given);
  const family = keysOf(names?.family);
  return {
    given_ar: names?.given?.ar ?? null,
    given_lat: names?.given?.lat ?? null,
    family_ar: names?.family?.ar ?? null,
    family_lat: names?.family?.lat ?? null,
    given_ar_key: given.ar,
    given_lat_key: given.lat,
    family_ar_key: family.ar,
    family_lat_key: family.lat,
  };
}

function father(names: Names) {
  const given = keysOf(names?.given);
  const family = keysOf(names?.family);
  return {
    father_given_ar_key: given.ar,
    father_given_lat_key: given.lat,
    father_family_ar_key: family.ar,
    father_family_lat_key: family.lat,
  };
}

function mother(names: Names) {
  const given = keysOf(names?.given);
  const family = keysOf(names?.family);
  return {
    mother_given_ar_key: given.ar,
    mother_given_lat_key: given.lat,
    mother_family_ar_key: family.ar,
    mother_family_lat_key: family.lat,
  };
}

function birthDate(date: string | null | undefined): Pick<IndexRow, 'birth_date' | 'birth_year'> {
  return { birth_date: date ?? null, birth_year: date ? Number(date.slice(0, 4)) : null };
}

function place(p: BirthPlace | null | undefined): Pick<IndexRow, 'commune' | 'province'> {
  if (!p) return { commune: null, province: null };
  return 'country' in p
    ? { commune: null, province: p.country }
    : { commune: p.commune, province: p.province };
}

const NO_BIRTH = { ...birthDate(null), ...place(null), sex: null, siblings: null };

/** What an event does to the index: a row to write (and score again?), or a row removed. */
export type Change =
  { kind: 'write'; row: IndexRow; rescore: boolean } | { kind: 'remove' } | { kind: 'none' };

const write = (row: IndexRow, rescore: boolean): Change => ({ kind: 'write', row, rescore });

function rectify(row: IndexRow, e: RectificationNoted, position: number): Change {
  const { field, newValue } = e.data;
  const m = /^(?:(?<parent>father|mother)\.)?(?<part>given|family)Name\.(?<script>ar|lat)$/.exec(
    field,
  );
  if (m?.groups) {
    const { parent, part, script } = m.groups as {
      parent?: 'father' | 'mother';
      part: 'given' | 'family';
      script: 'ar' | 'lat';
    };
    const column = `${parent ? `${parent}_` : ''}${part}_${script}`;
    const keys: NameKeys = keysOf(newValue === null ? undefined : { [script]: newValue });
    const next = { ...row, [`${column}_key`]: keys[script], position };
    return write(parent ? next : { ...next, [column]: newValue }, true);
  }
  if (field === 'sex') return write({ ...row, sex: newValue, position }, true);
  if (field === 'birthDate') return write({ ...row, ...birthDate(newValue), position }, true);
  return { kind: 'none' }; // Tifinagh, time of birth, date of death: not compared here
}

/**
 * The change an event makes to `row` (null when the person is not indexed), mirroring the
 * domain's evolve: a birth or legacy act adds the person, notes change the names, a death
 * changes the status, an annulled birth act removes the person.
 */
export function change(row: IndexRow | null, e: NameEvent, position: number): Change {
  switch (e.type) {
    case 'BirthRegistered': {
      if (row) return { kind: 'none' }; // evolve ignores a second act, and so does the index
      const d = e.data;
      return write(
        {
          idcs: d.idcs,
          status: 'alive',
          office: d.act.office,
          ...ownName(d.child.name),
          sex: d.child.sex,
          ...birthDate(d.child.born.gregorian),
          ...place(d.child.place),
          ...father(d.father?.name),
          ...mother(d.mother?.name),
          siblings: d.child.multipleBirth?.siblings ?? null,
          position,
        },
        true,
      );
    }
    case 'LegacyActDigitised': {
      if (row) return { kind: 'none' };
      const { idcs, original, transcription: t } = e.data;
      return write(
        {
          idcs,
          status: 'alive',
          office: original.office,
          ...ownName(t.name),
          sex: t.sex ?? null,
          ...birthDate(t.born?.date),
          ...place(t.born?.place),
          ...father(t.father?.name),
          ...mother(t.mother?.name),
          siblings: null,
          position,
        },
        true,
      );
    }
    case 'NameChanged':
      return row ? write({ ...row, ...ownName(e.data.name), position }, true) : { kind: 'none' };
    case 'RectificationNoted':
      return row ? rectify(row, e, position) : { kind: 'none' };
    case 'PaternityRecognised': {
      if (!row) return { kind: 'none' };
      const { newFamilyName } = e.data;
      const renamed = newFamilyName ? ownName({ given: givenOf(row), family: newFamilyName }) : {};
      return write({ ...row, ...father(e.data.father.name), ...renamed, position }, true);
    }
    case 'DeathRegistered':
      return row?.status === 'alive'
        ? write({ ...row, status: 'deceased', position }, false)
        : { kind: 'none' };
    case 'DeceasedIdentified': {
      // Named by judgment but linked to no record: searchable by name; no birth to compare.
      // Linked to a record, the person is found through that record.
      if (row && row.status !== 'unidentified-deceased') return { kind: 'none' };
      if (e.data.identifiedAs.idcs !== undefined)
        return row ? { kind: 'remove' } : { kind: 'none' };
      return write(
        {
          idcs: e.data.idcs,
          status: 'unidentified-deceased',
          office: e.data.noted.by.office ?? '',
          ...ownName(e.data.identifiedAs.name),
          ...NO_BIRTH,
          ...father(null),
          ...mother(null),
          position,
        },
        false,
      );
    }
    case 'ActAnnulled': {
      if (!row || e.data.legalBasis.kind !== 'judgment') return { kind: 'none' };
      if (e.data.act === 'birth')
        return row.status === 'unidentified-deceased' ? { kind: 'none' } : { kind: 'remove' };
      if (row.status === 'unidentified-deceased') return { kind: 'remove' };
      return row.status === 'deceased'
        ? write({ ...row, status: 'alive', position }, false)
        : { kind: 'none' };
    }
    default: {
      const never: never = e;
      throw new Error(`unexpected event ${JSON.stringify(never)}`);
    }
  }
}

/**
 * Whether the row an event leaves is a whole name as written on an act or a note, counted
 * in name_variants. Not a rectification: it corrects one script at a time, and the pair it
 * leaves between two rectifications (new Arabic, old Latin) is no real variant.
 */
export function leavesVariant(
  type: NameEvent['type'],
  result: Change,
): result is Extract<Change, { kind: 'write' }> {
  return result.kind === 'write' && result.rescore && type !== 'RectificationNoted';
}

/**
 * How many times each (Arabic key, Latin key) pair was written, '' standing for a missing
 * key. Nested maps: counting makes no string.
 */
export class KeyPairCounts {
  private readonly byAr = new Map<string, Map<string, number>>();

  add(ar: string | null, lat: string | null, n = 1): void {
    if (ar === null && lat === null) return;
    const a = ar ?? '';
    let byLat = this.byAr.get(a);
    if (!byLat) this.byAr.set(a, (byLat = new Map<string, number>()));
    const l = lat ?? '';
    byLat.set(l, (byLat.get(l) ?? 0) + n);
  }

  *entries(): Generator<[ar: string, lat: string, count: number]> {
    for (const [ar, byLat] of this.byAr) for (const [lat, n] of byLat) yield [ar, lat, n];
  }

  clear(): void {
    this.byAr.clear();
  }
}

/** Adds the names a row writes (its own and its parents') to the variants' counts. */
export function countVariants(counts: KeyPairCounts, r: IndexRow): void {
  counts.add(r.given_ar_key, r.given_lat_key);
  counts.add(r.family_ar_key, r.family_lat_key);
  counts.add(r.father_given_ar_key, r.father_given_lat_key);
  counts.add(r.father_family_ar_key, r.father_family_lat_key);
  counts.add(r.mother_given_ar_key, r.mother_given_lat_key);
  counts.add(r.mother_family_ar_key, r.mother_family_lat_key);
}

const givenOf = (row: IndexRow): TranscribedName => ({
  ...(row.given_ar !== null && { ar: row.given_ar }),
  ...(row.given_lat !== null && { lat: row.given_lat }),
});
