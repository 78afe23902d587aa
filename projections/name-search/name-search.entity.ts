import { EntitySchema } from '@mikro-orm/core';

/**
 * A row of `name_search`: one registered person, their names as written and as keys
 * (src/domain/names), and what de-duplication and search compare besides the name.
 */
export interface NameSearchRow {
  idcs: string;
  /** 'alive', 'deceased', or 'unidentified-deceased' (a body named by judgment). */
  status: string;
  /** The office whose register holds the act (birth, legacy act, or identification). */
  office: string;
  givenAr?: string;
  givenLat?: string;
  familyAr?: string;
  familyLat?: string;
  givenArKey?: string;
  givenLatKey?: string;
  familyArKey?: string;
  familyLatKey?: string;
  sex?: string;
  /** As the act writes it: YYYY, YYYY-MM or YYYY-MM-DD. */
  birthDate?: string;
  birthYear?: number;
  commune?: string;
  /** The province code, or the country code for a birth abroad. */
  province?: string;
  fatherGivenArKey?: string;
  fatherGivenLatKey?: string;
  fatherFamilyArKey?: string;
  fatherFamilyLatKey?: string;
  motherGivenArKey?: string;
  motherGivenLatKey?: string;
  motherFamilyArKey?: string;
  motherFamilyLatKey?: string;
  /** The other children of a declared multiple birth: never duplicates of this one. */
  siblings?: string[];
  /** The global position of the last event that changed the row. */
  position: number;
}

// Keys and identifiers are compared byte for byte: collation "C" makes their b-trees about
// twice as fast to fill as the database's linguistic collation, and orders nothing a
// person reads.
const BYTES = 'text collate "C"';
const id = { type: 'text', columnType: BYTES } as const;
const key = { type: 'text', columnType: BYTES, nullable: true } as const;
const text = { type: 'text', nullable: true } as const;

export const NameSearchEntity = new EntitySchema<NameSearchRow>({
  name: 'NameSearch',
  tableName: 'name_search',
  indexes: [
    // Search: a first name and a family name (and a year) in either script.
    { name: 'name_search_ar', properties: ['familyArKey', 'givenArKey', 'birthYear'] },
    { name: 'name_search_lat', properties: ['familyLatKey', 'givenLatKey', 'birthYear'] },
  ],
  // De-duplication's exact blocks, in either script: a family name, a year of birth and a
  // first name; or a family name and a date of birth. Declared unique (idcs makes them so)
  // because a rebuild adds unique constraints before loading and plain indexes after: the
  // projection reads the blocks while it loads.
  uniques: [
    {
      name: 'name_search_ar_block',
      properties: ['familyArKey', 'birthYear', 'givenArKey', 'idcs'],
    },
    {
      name: 'name_search_lat_block',
      properties: ['familyLatKey', 'birthYear', 'givenLatKey', 'idcs'],
    },
    { name: 'name_search_ar_day', properties: ['familyArKey', 'birthDate', 'idcs'] },
    { name: 'name_search_lat_day', properties: ['familyLatKey', 'birthDate', 'idcs'] },
  ],
  properties: {
    idcs: { ...id, primary: true },
    status: { type: 'text' },
    office: { type: 'text' },
    givenAr: text,
    givenLat: text,
    familyAr: text,
    familyLat: text,
    givenArKey: key,
    givenLatKey: key,
    familyArKey: key,
    familyLatKey: key,
    sex: text,
    birthDate: text,
    birthYear: { type: 'smallint', nullable: true },
    commune: text,
    province: text,
    fatherGivenArKey: key,
    fatherGivenLatKey: key,
    fatherFamilyArKey: key,
    fatherFamilyLatKey: key,
    motherGivenArKey: key,
    motherGivenLatKey: key,
    motherFamilyArKey: key,
    motherFamilyLatKey: key,
    siblings: { type: 'text[]', nullable: true },
    position: { type: 'bigint' },
  },
});

/**
 * A row of `name_variants`: a name's Arabic key and a Latin key written with it on some
 * act ('' when the act has only one script). Its trigram indexes are where a search finds
 * the keys near the query's; the pairs carry a Latin query to the Arabic key (Arabic is
 * authoritative: Lahcen and El Hassan meet at الحسن) and an Arabic query to acts kept in
 * Latin only.
 */
export interface NameVariantRow {
  arKey: string;
  latKey: string;
  /** How many names were written so (grows only; a frequency, not a live count). */
  persons: number;
}

export const NameVariantEntity = new EntitySchema<NameVariantRow>({
  name: 'NameVariant',
  tableName: 'name_variants',
  indexes: [
    {
      name: 'name_variants_ar_trgm',
      expression:
        'create index "name_variants_ar_trgm" on "name_variants" using gin ("ar_key" gin_trgm_ops)',
    },
    {
      name: 'name_variants_lat_trgm',
      expression:
        'create index "name_variants_lat_trgm" on "name_variants" using gin ("lat_key" gin_trgm_ops)',
    },
  ],
  properties: {
    arKey: { ...id, primary: true },
    latKey: { ...id, primary: true },
    persons: { type: 'integer' },
  },
});

/** A row of `duplicate_candidates`: two acts suspected to be one person (idcs_a < idcs_b). */
export interface DuplicateCandidateRow {
  idcsA: string;
  idcsB: string;
  /** 0 to 1 (src/domain/names/duplicates.ts). */
  score: number;
  /** The fields that agreed: givenName, birthDate, motherName… */
  matched: string[];
  officeA: string;
  officeB: string;
}

export const DuplicateCandidateEntity = new EntitySchema<DuplicateCandidateRow>({
  name: 'DuplicateCandidate',
  tableName: 'duplicate_candidates',
  // Unique for the same reason as the blocks: a page drops the pairs of re-scored persons.
  uniques: [{ name: 'duplicate_candidates_b', properties: ['idcsB', 'idcsA'] }],
  indexes: [
    { name: 'duplicate_candidates_office_a', properties: ['officeA', 'score'] },
    { name: 'duplicate_candidates_office_b', properties: ['officeB', 'score'] },
    { name: 'duplicate_candidates_score', properties: ['score'] },
  ],
  properties: {
    idcsA: { ...id, primary: true },
    idcsB: { ...id, primary: true },
    score: { type: 'real' },
    matched: { type: 'text[]' },
    officeA: id,
    officeB: id,
  },
});
